#!/usr/bin/env bash
# Scale-out on a Redis Cluster: starts a local cluster of SHARDS masters
# (scripts/redis-cluster.sh), INSTANCES frontdesk processes against it, and the open-loop
# webhook -> reply measurement (examples/reply_latency.rs) over PAGES pages, sent to the
# instances in turn, with the Send API stubbed on the same machine.
#   scripts/load/cluster.sh                            3 shards, 2 instances, 1000 msg/s
#   SHARDS=1 scripts/load/cluster.sh                   the same on a one-shard cluster
#   SHARDS=3 INSTANCES=3 RATE=2000 DURATION=15 PAGES=64 PARTITIONS=16 scripts/load/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
shards=${SHARDS:-3}
instances=${INSTANCES:-2}
rate=${RATE:-1000}
seconds=${DURATION:-15}
pages=${PAGES:-64}
partitions=${PARTITIONS:-16}
first_id=300000000000000
secret=load-test-app-secret-0123456789

cargo build --release --locked --bin frontdesk --example reply_latency 2>&1 | tail -1
release=${CARGO_TARGET_DIR:-target}/release

workdir=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  scripts/redis-cluster.sh stop "$workdir/cluster" || true
  rm -rf "$workdir"
}
trap cleanup EXIT

nodes=$(scripts/redis-cluster.sh start "$workdir/cluster" "$shards")
export FRONTDESK_REDIS_CLUSTER_NODES="$nodes" FRONTDESK_REDIS_PARTITIONS="$partitions"
export FRONTDESK_KEY_PREFIX="load:"
export FRONTDESK_MESSENGER__GRAPH_API_BASE=http://127.0.0.1:8092
export FRONTDESK_MESSENGER__APPS="[{id=\"948271635012345\", secrets=[\"$secret\"]}]"
export RUST_LOG=warn
FRONTDESK_SECRETS_KEYS="$("$release/frontdesk" secrets new-key --id load 2>/dev/null)"
export FRONTDESK_SECRETS_KEYS

# PAGES copies of the example page, so the load spreads over the partitions.
mkdir -p "$workdir/pages"
page=$(<responses/pages/example.toml)
for ((i = 0; i < pages; i++)); do
  id=$((first_id + i))
  text=${page/id = \"104857600123456\"/id = \"$id\"}
  text=${text/faq_file = \"..\/faq\/eshop.toml\"/faq_file = \"$PWD\/responses\/faq\/eshop.toml\"}
  printf '%s\n' "$text" >"$workdir/pages/page-$i.toml"
done
"$release/frontdesk" pages import "$workdir/pages" >/dev/null

targets=()
for ((i = 0; i < instances; i++)); do
  port=$((8100 + i))
  FRONTDESK_BIND=127.0.0.1:$port "$release/frontdesk" serve & pids+=($!)
  targets+=("http://127.0.0.1:$port")
done
for target in "${targets[@]}"; do
  for _ in $(seq 1 100); do curl -sf "$target/health" >/dev/null && break; sleep 0.1; done
done

echo "== Redis Cluster: $shards shard(s), $partitions partitions, $instances instance(s), $pages pages, $rate msg/s for $seconds s"
"$release/examples/reply_latency" --target "$(IFS=,; echo "${targets[*]}")" --stub 127.0.0.1:8092 \
  --rate "$rate" --seconds "$seconds" --secret "$secret" --page "$first_id" --pages "$pages"
