#!/usr/bin/env bash
# Load test of the Messenger webhook ingest against the release build on real Redis, next to
# the bare baseline (examples/bare_ingest.rs: verify HMAC + XADD), in the same run.
#   scripts/load/messenger.sh            (REDIS_URL, DURATION, CONNECTIONS to override)
# Needs wrk (apt-get install wrk) and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-64}
threads=2
export BODIES=${BODIES:-/tmp/frontdesk-bodies.txt}
export WRK_THREADS=$threads

cargo build --release --locked --bin frontdesk --example bare_ingest
python3 scripts/load/make_bodies.py "${COUNT:-1200000}" "$BODIES"

prefix="load:$(date +%s):"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

run() {
  local name=$1 url=$2
  echo "== $name"
  wrk -t$threads -c"$connections" -d"$duration" --latency -s scripts/load/signed.lua "$url" \
    | grep -E "Requests/sec|Latency |  50%|  99%|non-2xx|requests in"
}

target/release/examples/bare_ingest 127.0.0.1:8091 "$redis_url" & pids+=($!)
FRONTDESK_SECRETS_KEYS="$(target/release/frontdesk secrets new-key --id load 2>/dev/null)" \
  FRONTDESK_BIND=127.0.0.1:8090 FRONTDESK_REDIS_URL="$redis_url" FRONTDESK_KEY_PREFIX="$prefix" \
  FRONTDESK_WORKER__ENABLED=${WORKER:-false} RUST_LOG=warn \
  target/release/frontdesk --config frontdesk.toml serve --pages responses/pages & pids+=($!)
sleep 2

run "bare handler (HMAC + XADD)" http://127.0.0.1:8091/webhooks/messenger
run "frontdesk ingest (worker ${WORKER:-false})" http://127.0.0.1:8090/webhooks/messenger

echo "== recorded by frontdesk: $(redis-cli -u "$redis_url" XLEN "${prefix}inbound") events waiting for the worker"
redis-cli -u "$redis_url" DEL bare:inbound >/dev/null
redis-cli -u "$redis_url" --scan --pattern "${prefix}*" | xargs -r -n 1000 redis-cli -u "$redis_url" DEL >/dev/null
