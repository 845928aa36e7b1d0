#!/usr/bin/env bash
# Webhook -> reply latency of the release build under an open-loop load, with the Send API
# stubbed on the same machine (examples/reply_latency.rs).
#   scripts/load/reply-latency.sh                 Redis (REDIS_URL, default 127.0.0.1:6379)
#   STORE=embedded scripts/load/reply-latency.sh  the embedded store
#   RATE=2000 DURATION=20 scripts/load/reply-latency.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
rate=${RATE:-1000}
seconds=${DURATION:-20}
secret=load-test-app-secret-0123456789

cargo build --release --locked --bin frontdesk --example reply_latency

workdir=$(mktemp -d)
prefix="load:$(date +%s):"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ "${STORE:-redis}" = redis ]; then
    redis-cli -u "$redis_url" --scan --pattern "${prefix}*" | xargs -r -n 1000 redis-cli -u "$redis_url" DEL >/dev/null
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

export FRONTDESK_BIND=127.0.0.1:8090
export FRONTDESK_MESSENGER__GRAPH_API_BASE=http://127.0.0.1:8092
export FRONTDESK_MESSENGER__APPS="[{id=\"948271635012345\", secrets=[\"$secret\"]}]"
export RUST_LOG=warn
# The tokens are encrypted as in production (a fresh key per run).
FRONTDESK_SECRETS_KEYS="$(target/release/frontdesk secrets new-key --id load 2>/dev/null)"
export FRONTDESK_SECRETS_KEYS
if [ "${STORE:-redis}" = redis ]; then
  export FRONTDESK_REDIS_URL="$redis_url" FRONTDESK_KEY_PREFIX="$prefix"
else
  export FRONTDESK_DATA_FILE="$workdir/load.redb"
fi
target/release/frontdesk pages import responses/pages/example.toml >/dev/null
target/release/frontdesk serve & pid=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8090/health >/dev/null && break; sleep 0.1; done

echo "== ${STORE:-redis} store, $rate msg/s for $seconds s"
target/release/examples/reply_latency --target http://127.0.0.1:8090 --stub 127.0.0.1:8092 \
  --rate "$rate" --seconds "$seconds" --secret "$secret"
