# Builds the frontdesk binary and runs it on a slim image, as an unprivileged user.
FROM rust:1-bookworm AS build
WORKDIR /src
# Only what the build needs (see .dockerignore): no target/, no local data or secrets.
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
# ca-certificates for the platforms' HTTPS APIs; curl for the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 frontdesk \
    && useradd --system --uid 10001 --gid frontdesk --home-dir /app --shell /usr/sbin/nologin frontdesk \
    && mkdir -p /data \
    && chown frontdesk:frontdesk /data
COPY --from=build /src/target/release/frontdesk /usr/local/bin/frontdesk
COPY responses /app/responses
WORKDIR /app
USER 10001:10001
# Listen on every interface inside the container; without redis_url the embedded store lives
# in the /data volume (one instance only). Secrets have no defaults: pass them at run time.
ENV FRONTDESK_BIND=0.0.0.0:8080 \
    FRONTDESK_DATA_FILE=/data/frontdesk.redb \
    FRONTDESK_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
# Liveness: /health asks nothing of the store, so a Redis outage does not get a working
# process restarted by an orchestrator that restarts unhealthy containers. Readiness (the
# store answers) is /ready; compose uses that one. Keep the port in step with FRONTDESK_BIND.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["curl", "--fail", "--silent", "--show-error", "--max-time", "2", "--output", "/dev/null", "http://127.0.0.1:8080/health"]
ENTRYPOINT ["frontdesk"]
# Pages are imported once, by hand (`frontdesk pages import /app/responses/pages/...`), not at
# every start, which would revert the admins' edits.
CMD ["serve"]
