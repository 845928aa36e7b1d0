# Builds the frontdesk binary and runs it on a slim image.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/frontdesk /usr/local/bin/frontdesk
COPY responses /app/responses
WORKDIR /app
EXPOSE 8080
ENTRYPOINT ["frontdesk"]
# Pages are imported once, by hand (`frontdesk pages import /app/responses/pages/...`), not at
# every start, which would revert the admins' edits.
CMD ["serve"]
