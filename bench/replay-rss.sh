#!/usr/bin/env bash
# `whk replay --all` streams the store: peak RSS must not grow with the number
# of stored deliveries. Records 10,000 and then 100,000 deliveries with
# `whk send --count` into `whk listen`, replays each store at nginx with
# --concurrency 64, and reports peak RSS (and replays/s) for both sizes.
#
#   bench/replay-rss.sh WHK NGINX_PORT WORK    # run.sh calls it; writes WORK/replay-rss.json
set -euo pipefail
WHK=$1
NGINX_PORT=$2
WORK=$3
KEY="bench-secret-0123456789"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 200); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.05
  done
  return 1
}

results=()
for rows in 10000 100000; do
  store="$WORK/replay-$rows.db"
  port=$(free_port)
  WHK_HOME="$WORK/home" "$WHK" listen --port "$port" --provider github --secret "$KEY" \
    --store "$store" --json --quiet >/dev/null 2>&1 &
  listen=$!
  wait_port "$port"
  WHK_HOME="$WORK/home" "$WHK" send push --provider github --secret "$KEY" \
    --to "http://127.0.0.1:$port/" --count "$rows" --concurrency 64 --json --quiet >/dev/null 2>&1 || true
  kill "$listen" 2>/dev/null || true
  wait "$listen" 2>/dev/null || true
  started=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$WORK/replay-$rows.rss" env WHK_HOME="$WORK/home" "$WHK" replay --all \
    --store "$store" --secret "$KEY" --to "http://127.0.0.1:$NGINX_PORT/" --concurrency 64 --json \
    >/dev/null 2>"$WORK/replay-$rows.err" || true
  ended=$(date +%s.%N)
  stored=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from deliveries').fetchone()[0])" "$store")
  rss=$(tail -1 "$WORK/replay-$rows.rss")
  results+=("{\"stored\": $stored, \"peak_rss_kib\": $rss, \"seconds\": $(python3 -c "print(round($ended - $started, 3))")}")
done
printf '[%s, %s]\n' "${results[0]}" "${results[1]}" > "$WORK/replay-rss.json"
