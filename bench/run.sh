#!/usr/bin/env bash
# whk side by side with the tools a user would pick instead, on this machine,
# in one run. Every figure is reported as a ratio against a peer measured in the
# same run on the same input: absolute timings on shared machines are noise.
#
#   bench/run.sh            # full run (a few minutes)
#   BENCH_QUICK=1 bench/run.sh   # shorter loads, fewer runs
#
# Prints a Markdown table on stdout and writes bench/results/latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
QUICK=${BENCH_QUICK:-}
DURATION=${BENCH_DURATION:-$([ -n "$QUICK" ] && echo 5 || echo 15)}
RUNS=$([ -n "$QUICK" ] && echo 50 || echo 300)
SEND_COUNT=${BENCH_SEND_COUNT:-$([ -n "$QUICK" ] && echo 20000 || echo 100000)}
KEY="bench-secret-0123456789"

log() { echo "bench: $*" >&2; }

need=()
for tool in hyperfine wrk webhook nginx openssl /usr/bin/time curl python3; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  log "installing peers: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq hyperfine wrk webhook nginx-light openssl time curl python3 >/dev/null
fi

log "building whk (release)"
cargo build --release --quiet
WHK="$ROOT/target/release/whk"

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 200); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.05
  done
  log "nothing answered on port $1"; return 1
}
peak_rss_kib() { awk '/VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Inputs: a 1 KiB JSON body signed the GitHub way (one fixed signed body can be
# replayed by a load generator), and a 64 MiB file.
python3 - "$WORK" <<'PY'
import json, sys
# A pull_request payload valid against whk's GitHub schema, so `listen --validate`
# does the whole check (bench/run.sh verifies that with `whk validate`).
user = {"login": "octo", "id": 1}
body = {"action": "opened", "number": 1,
        "pull_request": {"id": 1, "number": 1, "state": "open", "title": "Bench", "user": user, "head": {}, "base": {}},
        "repository": {"id": 1, "name": "hello", "full_name": "octo/hello", "private": False, "owner": user},
        "sender": user, "pad": ""}
body["pad"] = "x" * (1024 - len(json.dumps(body, separators=(",", ":"))))
open(sys.argv[1] + "/body.json", "w").write(json.dumps(body, separators=(",", ":")))
PY
head -c $((64 * 1024 * 1024)) /dev/urandom > "$WORK/big.bin"
SIG=$("$WHK" sign --provider github --secret "$KEY" "$WORK/body.json" | sed 's/^X-Hub-Signature-256: //')
"$WHK" validate --provider github --event pull_request --quiet "$WORK/body.json"
HEX=${SIG#sha256=}

# 1. Script start-up: whk verify vs the openssl one-liner a user would write.
log "1/5 start-up: whk verify vs openssl pipeline (hyperfine, $RUNS runs)"
cat > "$WORK/openssl-verify.sh" <<SH
#!/bin/sh
sig=\$(openssl dgst -sha256 -hmac "$KEY" -r < "$WORK/body.json" | cut -d' ' -f1)
[ "sha256=\$sig" = "$SIG" ]
SH
chmod +x "$WORK/openssl-verify.sh"
hyperfine -N --warmup 20 --runs "$RUNS" --export-json "$WORK/startup.json" \
  "$WHK verify --provider github --secret $KEY --signature $SIG $WORK/body.json" \
  "$WORK/openssl-verify.sh" >/dev/null

# 2. Large bodies: whk sign vs openssl dgst on 64 MiB.
log "2/5 64 MiB: whk sign vs openssl dgst -hmac"
hyperfine -N --warmup 2 --runs $([ -n "$QUICK" ] && echo 5 || echo 15) --export-json "$WORK/large.json" \
  "$WHK sign --provider github --secret $KEY $WORK/big.bin" \
  "openssl dgst -sha256 -hmac $KEY $WORK/big.bin" >/dev/null

# wrk script posting the signed body with GitHub's headers.
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = io.open("$WORK/body.json"):read("*a")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Hub-Signature-256"] = "$SIG"
wrk.headers["X-GitHub-Event"] = "pull_request"
wrk.headers["X-GitHub-Delivery"] = "bench-delivery"
done = function(summary, latency, requests)
  io.stderr:write(string.format("WRK_JSON {\"requests\":%d,\"duration_us\":%d,\"errors\":%d,\"non2xx\":%d,\"p99_us\":%d,\"p50_us\":%d}\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(99), latency:percentile(50)))
end
LUA
run_wrk() { # url -> writes WRK_JSON line to $WORK/wrk-$2.json
  wrk -t 2 -c 64 -d "${DURATION}s" -s "$WORK/post.lua" "$1" 2>"$WORK/wrk-$2.err" >/dev/null || true
  grep '^WRK_JSON ' "$WORK/wrk-$2.err" | sed 's/^WRK_JSON //' > "$WORK/wrk-$2.json"
}

# nginx: the ceiling on this machine.
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$NGINX_PORT; location / { return 200; } }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" 2>/dev/null &
PIDS+=($!)
wait_port "$NGINX_PORT"

log "3/5 receiving: nginx return 200 (${DURATION}s)"
run_wrk "http://127.0.0.1:$NGINX_PORT/" nginx

# adnanh/webhook with a payload-hmac-sha256 trigger rule.
HOOK_PORT=$(free_port)
cat > "$WORK/hooks.json" <<JSON
[{"id": "bench", "execute-command": "/bin/true", "response-message": "ok",
  "trigger-rule": {"match": {"type": "payload-hmac-sha256", "secret": "$KEY",
    "parameter": {"source": "header", "name": "X-Hub-Signature-256"}}}}]
JSON
webhook -hooks "$WORK/hooks.json" -ip 127.0.0.1 -port "$HOOK_PORT" >/dev/null 2>&1 &
PIDS+=($!)
wait_port "$HOOK_PORT"
log "3/5 receiving: adnanh/webhook (${DURATION}s)"
run_wrk "http://127.0.0.1:$HOOK_PORT/hooks/bench" webhook
kill "${PIDS[-1]}" 2>/dev/null || true

# whk listen: verification on, durable group-committed store on, NDJSON to /dev/null.
LISTEN_PORT=$(free_port)
WHK_HOME="$WORK/home" "$WHK" listen --port "$LISTEN_PORT" --provider github --secret "$KEY" \
  --json --store "$WORK/bench.db" >/dev/null 2>"$WORK/listen.err" &
LISTEN_PID=$!
PIDS+=($LISTEN_PID)
wait_port "$LISTEN_PORT"
log "3/5 receiving: whk listen (${DURATION}s)"
run_wrk "http://127.0.0.1:$LISTEN_PORT/" whk
LISTEN_RSS=$(peak_rss_kib "$LISTEN_PID")
kill "$LISTEN_PID" 2>/dev/null || true

# 3c. The same listener checking every payload against its schema, in pairs
# with the plain one (plain, then validating, three times), so each ratio
# compares runs seconds apart; the median of the three is reported.
listen_run() { # name, extra flags...
  local name=$1; shift
  local port; port=$(free_port)
  WHK_HOME="$WORK/home" "$WHK" listen --port "$port" --provider github --secret "$KEY" \
    --json --store "$WORK/bench-$name.db" "$@" >"$WORK/listen-$name.ndjson" 2>"$WORK/listen-$name.err" &
  local pid=$!
  PIDS+=($pid)
  wait_port "$port"
  run_wrk "http://127.0.0.1:$port/" "$name"
  kill "$pid" 2>/dev/null || true
}
PAIR_SECONDS=$(( DURATION * 2 / 3 > 3 ? DURATION * 2 / 3 : 3 ))
for i in 1 2 3; do
  log "3c/5 receiving: pair $i, whk listen then whk listen --validate (${PAIR_SECONDS}s each)"
  DURATION=$PAIR_SECONDS listen_run "plain$i"
  DURATION=$PAIR_SECONDS listen_run "validate$i" --validate
done
# Every validated record must say valid: the bench measures a passing check.
if grep -q '"valid":false' "$WORK"/listen-validate*.ndjson; then
  log "listen --validate recorded an invalid payload; the bench body should be valid"; exit 1
fi

# 4. Sending: whk send --count N --concurrency 64 vs wrk -c 64, both at nginx.
log "4/5 sending: wrk -c 64 vs whk send --count $SEND_COUNT --concurrency 64"
wrk -t 2 -c 64 -d "${DURATION}s" -s "$WORK/post.lua" "http://127.0.0.1:$NGINX_PORT/" 2>"$WORK/wrk-send.err" >/dev/null || true
grep '^WRK_JSON ' "$WORK/wrk-send.err" | sed 's/^WRK_JSON //' > "$WORK/wrk-send.json"
/usr/bin/time -f '%M' -o "$WORK/send.rss" env WHK_HOME="$WORK/home" "$WHK" send test-event \
  --provider github --secret "$KEY" --to "http://127.0.0.1:$NGINX_PORT/" \
  --count "$SEND_COUNT" --concurrency 64 --json --quiet > "$WORK/send.json" 2>"$WORK/send.err" || true

# 5. Memory is collected above; assemble the report.
python3 - "$WORK" "$LISTEN_RSS" "$ROOT/bench/results" <<'PY'
import json, sys, os, platform, datetime
work, listen_rss, out_dir = sys.argv[1], int(sys.argv[2] or 0), sys.argv[3]
def load(name):
    try:
        with open(os.path.join(work, name)) as f:
            return json.load(f)
    except Exception:
        return None
def mean(h, i): return h["results"][i]["mean"] if h else None
startup, large = load("startup.json"), load("large.json")
wrk = {k: load(f"wrk-{k}.json") for k in ("nginx", "webhook", "whk", "send",
                                           "plain1", "validate1", "plain2", "validate2", "plain3", "validate3")}
send = load("send.json")
def rps(w): return w["requests"] / (w["duration_us"] / 1e6) if w and w.get("duration_us") else None
def p99(w): return w["p99_us"] / 1000 if w else None
try:
    send_rss = int(open(os.path.join(work, "send.rss")).read().strip().splitlines()[-1])
except Exception:
    send_rss = None
send_rps = None
if send:
    send_rps = send.get("requests_per_second") or send.get("rps")
rows = []
def ratio(a, b): return a / b if a and b else None
def fmt(x, unit=""):
    return "n/a" if x is None else (f"{x:,.2f}{unit}" if isinstance(x, float) else f"{x:,}{unit}")
whk_v, ossl_v = mean(startup, 0), mean(startup, 1)
whk_s, ossl_s = mean(large, 0), mean(large, 1)
results = {
  "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
  "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
  "startup": {"whk_verify_ms": whk_v and whk_v * 1e3, "openssl_pipeline_ms": ossl_v and ossl_v * 1e3,
              "ratio_whk_over_openssl": ratio(whk_v, ossl_v), "goal": "<= 0.5"},
  "large_body": {"whk_sign_s": whk_s, "openssl_dgst_s": ossl_s,
                 "throughput_ratio_whk_over_openssl": ratio(ossl_s, whk_s), "goal": ">= 0.9"},
  "receiving": {"nginx_rps": rps(wrk["nginx"]), "webhook_rps": rps(wrk["webhook"]), "whk_rps": rps(wrk["whk"]),
                "nginx_p99_ms": p99(wrk["nginx"]), "webhook_p99_ms": p99(wrk["webhook"]), "whk_p99_ms": p99(wrk["whk"]),
                "whk_errors": wrk["whk"] and (wrk["whk"]["errors"] + wrk["whk"]["non2xx"]),
                "ratio_whk_over_nginx": ratio(rps(wrk["whk"]), rps(wrk["nginx"])), "goal_nginx": ">= 0.35",
                "ratio_whk_over_webhook": ratio(rps(wrk["whk"]), rps(wrk["webhook"])), "goal_webhook": ">= 3"},
  "validating": {"pairs": [{"listen_rps": rps(wrk[f"plain{i}"]), "listen_validate_rps": rps(wrk[f"validate{i}"]),
                            "ratio": ratio(rps(wrk[f"validate{i}"]), rps(wrk[f"plain{i}"]))} for i in (1, 2, 3)],
                 "whk_listen_validate_errors": sum((wrk[f"validate{i}"] or {}).get("errors", 0) + (wrk[f"validate{i}"] or {}).get("non2xx", 0) for i in (1, 2, 3)),
                 "goal": ">= 0.9"},
  "sending": {"wrk_rps": rps(wrk["send"]), "whk_send_rps": send_rps,
              "ratio_whk_over_wrk": ratio(send_rps, rps(wrk["send"])), "goal": ">= 0.8"},
  "memory": {"whk_listen_peak_rss_mib": listen_rss / 1024 if listen_rss else None,
             "whk_send_peak_rss_mib": send_rss / 1024 if send_rss else None, "goal_listen": "< 50"},
}
os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, "latest.json"), "w") as f:
    json.dump(results, f, indent=2)
def met(value, op, goal):
    if value is None: return "not measured"
    return "met" if (value <= goal if op == "<=" else value >= goal if op == ">=" else value < goal) else "NOT met"
r = results
print(f"Benchmarks, {r['date']}, {r['machine']['cpus']} cores\n")
print("| # | comparison | peer | whk | ratio | goal | |")
print("|---|---|---|---|---|---|---|")
print(f"| 1 | start-up: `whk verify` 1 KiB vs openssl pipeline (mean) | {fmt(r['startup']['openssl_pipeline_ms'], ' ms')} | {fmt(r['startup']['whk_verify_ms'], ' ms')} | {fmt(r['startup']['ratio_whk_over_openssl'])}x time | <= 0.5x | {met(r['startup']['ratio_whk_over_openssl'], '<=', 0.5)} |")
print(f"| 2 | 64 MiB: `whk sign` vs `openssl dgst -hmac` (mean) | {fmt(r['large_body']['openssl_dgst_s'], ' s')} | {fmt(r['large_body']['whk_sign_s'], ' s')} | {fmt(r['large_body']['throughput_ratio_whk_over_openssl'])}x throughput | >= 0.9x | {met(r['large_body']['throughput_ratio_whk_over_openssl'], '>=', 0.9)} |")
rc = r["receiving"]
print(f"| 3a | receiving vs nginx `return 200` (req/s, p99) | {fmt(rc['nginx_rps'])} /s, {fmt(rc['nginx_p99_ms'], ' ms')} | {fmt(rc['whk_rps'])} /s, {fmt(rc['whk_p99_ms'], ' ms')} | {fmt(rc['ratio_whk_over_nginx'])}x | >= 0.35x | {met(rc['ratio_whk_over_nginx'], '>=', 0.35)} |")
print(f"| 3b | receiving vs adnanh/webhook hmac rule (req/s, p99) | {fmt(rc['webhook_rps'])} /s, {fmt(rc['webhook_p99_ms'], ' ms')} | {fmt(rc['whk_rps'])} /s | {fmt(rc['ratio_whk_over_webhook'])}x | >= 3x | {met(rc['ratio_whk_over_webhook'], '>=', 3)} |")
vd = r["validating"]
pair_ratios = sorted(p["ratio"] for p in vd["pairs"] if p["ratio"])
vd["median_ratio"] = pair_ratios[len(pair_ratios) // 2] if pair_ratios else None
with open(os.path.join(out_dir, "latest.json"), "w") as f:
    json.dump(results, f, indent=2)
median_pair = next((p for p in vd["pairs"] if p["ratio"] == vd["median_ratio"]), None) or {}
spread = f" (pairs {', '.join(fmt(x) for x in pair_ratios)})" if pair_ratios else ""
print(f"| 3c | receiving: `whk listen --validate` vs `whk listen`, median of 3 back-to-back pairs (req/s) | {fmt(median_pair.get('listen_rps'))} /s | {fmt(median_pair.get('listen_validate_rps'))} /s | {fmt(vd['median_ratio'])}x{spread} | >= 0.9x | {met(vd['median_ratio'], '>=', 0.9)} |")
sd = r["sending"]
print(f"| 4 | sending: `whk send --concurrency 64` vs `wrk -c 64` at nginx | {fmt(sd['wrk_rps'])} /s | {fmt(sd['whk_send_rps'])} /s | {fmt(sd['ratio_whk_over_wrk'])}x | >= 0.8x | {met(sd['ratio_whk_over_wrk'], '>=', 0.8)} |")
m = r["memory"]
print(f"| 5 | peak RSS: `whk listen` during 3 / `whk send` during 4 | | {fmt(m['whk_listen_peak_rss_mib'], ' MiB')} / {fmt(m['whk_send_peak_rss_mib'], ' MiB')} | | listen < 50 MiB | {met(m['whk_listen_peak_rss_mib'], '<', 50)} |")
PY
