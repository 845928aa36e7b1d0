#!/usr/bin/env bash
# A local Redis Cluster of SHARDS masters (no replicas, nothing kept on disk), for the tests
# and the load scripts.
#
#   scripts/redis-cluster.sh start DIR [SHARDS]   starts it under DIR; prints the node URLs,
#                                                  comma-separated (FRONTDESK_REDIS_CLUSTER_NODES)
#   scripts/redis-cluster.sh stop DIR             stops the servers started under DIR
#
# Ports are random free ones (each node also uses port + 10000 for the cluster bus).
set -euo pipefail

command=${1:?start or stop}
dir=${2:?a directory for the nodes}
shards=${3:-3}

stop() {
  if [ -f "$dir/pids" ]; then
    while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$dir/pids"
    while read -r pid; do
      while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    done <"$dir/pids"
    rm -f "$dir/pids"
  fi
}

start_node() {
  local port=$1
  mkdir -p "$dir/$port"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
    --cluster-enabled yes --cluster-config-file "$dir/$port/nodes.conf" --cluster-announce-ip 127.0.0.1 \
    --cluster-node-timeout 5000 --dir "$dir/$port" --logfile "$dir/$port/redis.log" \
    --daemonize no >/dev/null 2>&1 &
  echo $! >>"$dir/pids"
  for _ in $(seq 1 50); do
    if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then return 0; fi
    sleep 0.1
  done
  return 1
}

case "$command" in
  stop) stop ;;
  start)
    mkdir -p "$dir"
    for _ in $(seq 1 20); do
      base=$((20000 + RANDOM % 30000))
      ports=()
      ok=yes
      for n in $(seq 0 $((shards - 1))); do
        port=$((base + n))
        if ! start_node "$port"; then ok=no; break; fi
        ports+=("$port")
      done
      if [ "$ok" = yes ]; then break; fi
      stop
    done
    if [ "$ok" != yes ]; then
      echo "could not start $shards redis-server nodes" >&2
      exit 1
    fi
    addresses=()
    for port in "${ports[@]}"; do addresses+=("127.0.0.1:$port"); done
    if [ "$shards" -eq 1 ]; then
      # redis-cli --cluster create wants three masters; one node takes every slot itself.
      redis-cli -p "${ports[0]}" cluster addslotsrange 0 16383 >/dev/null
    else
      redis-cli --cluster create "${addresses[@]}" --cluster-replicas 0 --cluster-yes >/dev/null
    fi
    for port in "${ports[@]}"; do
      for _ in $(seq 1 100); do
        if redis-cli -p "$port" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; then break; fi
        sleep 0.1
      done
    done
    urls=()
    for port in "${ports[@]}"; do urls+=("redis://127.0.0.1:$port"); done
    (IFS=,; echo "${urls[*]}")
    ;;
  *) echo "usage: $0 start DIR [SHARDS] | stop DIR" >&2; exit 2 ;;
esac
