#!/usr/bin/env bash
# Many pages: N copies of responses/pages/example.toml with distinct ids (every DISTINCT_EVERY-th
# with an FAQ of its own, slightly changed; the others share the example FAQ), imported with
# `serve --pages`, then a restart without import, then the first message to COLD pages that
# nobody wrote to since the start (examples/cold_pages.rs), then `pages import` of the same
# folder again (nothing changed). Reports the times and the resident memory (RSS) at each step.
#   scripts/load/many-pages.sh                     N=2000 on the embedded store
#   N=10000 scripts/load/many-pages.sh
#   STORE=redis scripts/load/many-pages.sh         Redis (REDIS_URL, default 127.0.0.1:6379)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${N:-2000}
distinct_every=${DISTINCT_EVERY:-4}
cold=${COLD:-50}
store=${STORE:-embedded}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
first_id=200000000000000
secret=load-test-app-secret-0123456789

cargo build --release --locked --bin frontdesk --example cold_pages 2>&1 | tail -1
release=${CARGO_TARGET_DIR:-target}/release

workdir=$(mktemp -d)
prefix="many:$(date +%s):"
pid=""
stop() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  pid=""
}
cleanup() {
  stop
  if [ "$store" = redis ]; then
    redis-cli -u "$redis_url" --scan --pattern "${prefix}*" | xargs -r -n 1000 redis-cli -u "$redis_url" DEL >/dev/null
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

# The pages, written without a process per file.
mkdir -p "$workdir/pages" "$workdir/faq"
page=$(<responses/pages/example.toml)
faq=$(<responses/faq/eshop.toml)
printf '%s\n' "$faq" >"$workdir/faq/shared.toml"
for ((i = 0; i < n; i++)); do
  id=$((first_id + i))
  text=${page/id = \"104857600123456\"/id = \"$id\"}
  text=${text/name = \"Kavárna U Zvonu e-shop\"/name = \"Kavárna U Zvonu e-shop $i\"}
  if ((i % distinct_every == 0)); then
    own=${faq/Doprava stojí 89 Kč/Doprava stojí $((89 + i)) Kč}
    own=${own/\"Kdy odesíláte objednávky?\"/\"Kdy odesíláte objednávky?\", \"Máte výdejní místo číslo $i?\"}
    printf '%s\n' "$own" >"$workdir/faq/own-$i.toml"
    text=${text/faq_file = \"..\/faq\/eshop.toml\"/faq_file = \"..\/faq\/own-$i.toml\"}
  else
    text=${text/faq_file = \"..\/faq\/eshop.toml\"/faq_file = \"..\/faq\/shared.toml\"}
  fi
  printf '%s\n' "$text" >"$workdir/pages/page-$i.toml"
done

export FRONTDESK_BIND=127.0.0.1:8090
export FRONTDESK_MESSENGER__GRAPH_API_BASE=http://127.0.0.1:8092
export FRONTDESK_MESSENGER__APPS="[{id=\"948271635012345\", secrets=[\"$secret\"]}]"
export RUST_LOG=warn
if [ "$store" = redis ]; then
  export FRONTDESK_REDIS_URL="$redis_url" FRONTDESK_KEY_PREFIX="$prefix"
else
  export FRONTDESK_DATA_FILE="$workdir/many.redb"
fi

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f s", b - a }'; }
rss() { awk '/^VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$pid/status"; }
peak() { awk '/^VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$pid/status"; }
# Starts `frontdesk serve "$@"` and waits until it answers /health; `took` says how long.
serve() {
  local began
  began=$(now)
  "$release"/frontdesk serve "$@" >"$workdir/serve.log" 2>&1 & pid=$!
  until curl -sf http://127.0.0.1:8090/health >/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then cat "$workdir/serve.log"; exit 1; fi
    sleep 0.01
  done
  took=$(since "$began")
}

echo "== $store store, $n pages (every ${distinct_every}th with its own FAQ)"
serve --pages "$workdir/pages"
echo "serve --pages (import, then ready):  $took, peak RSS $(peak), RSS $(rss)"
stop
if [ "$store" = embedded ]; then
  echo "data file: $(du -m "$workdir/many.redb" | cut -f1) MB"
fi

serve
sleep 1
echo "restart without import (ready):      $took, RSS before traffic $(rss)"
"$release"/examples/cold_pages --target http://127.0.0.1:8090 --stub 127.0.0.1:8092 \
  --secret "$secret" --first-id "$first_id" --pages "$n" --sample "$cold"
echo "RSS after $cold cold pages:          $(rss)"
stop

began=$(now)
if "$release"/frontdesk pages import "$workdir/pages" >"$workdir/import.log" 2>&1; then
  echo "pages import again (unchanged):      $(since "$began"), $(tail -1 "$workdir/import.log")"
else
  echo "pages import of a folder failed: $(tail -1 "$workdir/import.log")"
fi
