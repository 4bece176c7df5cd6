#!/usr/bin/env bash
# Flip test: the strangler gateway in front of two upstreams that say who they are ("monolith",
# "service"); while wrk keeps a bounded load on it, one route is flipped between monolith and service
# mode FLIPS times by rewriting the route file (atomic move) and FLIPS times through the admin API.
# Reports non-2xx responses (target 0) and the time from a change to the first response from the new
# target (target <= 1 s for file changes) into bench/results/flip.md.
#
#   strangler-gateway/bench/flip.sh            # ~1-2 minutes
#
# Env (defaults): FLIPS=50 (per way), CONNECTIONS=8, MAX_SECONDS=300 (bound on the flips),
# BASE_PORT=18100, JAVA_HEAP="-Xms512m -Xmx512m", WARMUP=20 (s of load before flipping).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FLIPS="${FLIPS:-50}"
CONNECTIONS="${CONNECTIONS:-8}"
MAX_SECONDS="${MAX_SECONDS:-300}"
BASE_PORT="${BASE_PORT:-18100}"
WARMUP="${WARMUP:-20}"
COMMAND="$0 (FLIPS=$FLIPS CONNECTIONS=$CONNECTIONS WARMUP=$WARMUP JAVA_HEAP=\"$JAVA_HEAP\")"

ensure_tools
ensure_jar
WORK="$(mktemp -d /tmp/strangler-flip.XXXXXX)"
trap 'stop_all' EXIT
trap 'exit 130' INT TERM
mkdir -p "$RESULTS_DIR"
copy_jar "$WORK"
log "work dir $WORK"

MONO=$((BASE_PORT + 1)); SVC=$((BASE_PORT + 2)); GW=$((BASE_PORT + 10)); ADMIN=$((BASE_PORT + 11)); MGMT=$((BASE_PORT + 12))
start_nginx "$WORK/upstreams" "
  server { listen 127.0.0.1:$MONO; location / { default_type text/plain; return 200 'monolith'; } }
  server { listen 127.0.0.1:$SVC;  location / { default_type text/plain; return 200 'service'; } }"

cat >"$WORK/routes.template" <<YAML
monolith: http://127.0.0.1:$MONO
services:
  catalog:
    url: http://127.0.0.1:$SVC
routes:
  - {id: products, paths: ['/api/**'], service: catalog, mode: MODE}
YAML
sed 's/MODE/monolith/' "$WORK/routes.template" >"$WORK/routes.yaml"
start_strangler flip "$GW" "$ADMIN" "$MGMT" "$WORK/routes.yaml" "$WORK"
GW_PID=$LAST_PID
wait_http "http://127.0.0.1:$MONO/" 20
wait_http "http://127.0.0.1:$GW/api/products/1" 180 "$GW_PID"

log "warming the gateway for ${WARMUP}s"
timeout $((WARMUP + 30)) wrk -t1 -c"$CONNECTIONS" -d"$WARMUP"s http://127.0.0.1:$GW/api/products/1 >"$WORK/warmup.txt"

# The bounded load: stopped (SIGINT, so it prints its summary) once the flips are done, or at MAX_SECONDS.
wrk -t1 -c"$CONNECTIONS" -d"$MAX_SECONDS"s --timeout 5s --latency http://127.0.0.1:$GW/api/products/1 >"$WORK/load.txt" 2>&1 &
WRK_PID=$!
STARTED_PIDS+=("$WRK_PID")
sleep 2
log "flipping $FLIPS times through the file and $FLIPS times through the admin API"
START=$SECONDS
timeout "$MAX_SECONDS" python3 "$BENCH_DIR/flip_driver.py" "$GW" "$ADMIN" "$WORK/routes.template" "$WORK/routes.yaml" "$ADMIN_TOKEN" "$FLIPS" \
  >"$WORK/flips.json" 2>"$WORK/flips.err" || { log "flip driver failed: $(cat "$WORK/flips.err")"; }
FLIP_SECONDS=$((SECONDS - START))
sleep 1
kill -INT "$WRK_PID" 2>/dev/null || true
for _ in $(seq 1 100); do kill -0 "$WRK_PID" 2>/dev/null || break; sleep 0.1; done
wait "$WRK_PID" 2>/dev/null || true
[ -s "$WORK/flips.json" ] || exit 1

AUDIT_CHANGES="$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$ADMIN/admin/audit?limit=1000" \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo '?')"
curl -fsS "http://127.0.0.1:$MGMT/actuator/prometheus" | grep -E '^strangler_route_table_reloads_total' >"$WORK/reloads.txt" || true

python3 - "$WORK" "$FLIP_SECONDS" "$AUDIT_CHANGES" <<'PY' >"$WORK/report.md"
import json, re, sys
work, secs, audit = sys.argv[1], sys.argv[2], sys.argv[3]
f = json.load(open(f"{work}/flips.json"))
t = open(f"{work}/load.txt").read()
reqs = int(re.search(r'(\d+) requests in', t).group(1))
non2xx = int(m.group(1)) if (m := re.search(r'Non-2xx or 3xx responses:\s+(\d+)', t)) else 0
sock = sum(map(int, m.groups())) if (m := re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', t)) else 0
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
bad = non2xx + sock + f["poll_non2xx"]
print("| measure | value |")
print("|---|---|")
print(f"| mode changes | {f['file'].get('n', 0)} by file + {f['api'].get('n', 0)} by admin API in {secs} s (timeouts: file {f['file_timeouts']}, API {f['api_timeouts']}) |")
print(f"| background load | {reqs} requests from wrk ({rps:.0f} req/s) + {f['poll_requests']} from the polling client |")
print(f"| non-2xx responses + socket errors | {bad} (wrk: {non2xx} non-2xx, {sock} socket errors; poller: {f['poll_non2xx']} non-2xx) |")
print(f"| file write -> first response from new target | p50 {f['file'].get('p50_ms')} ms, p90 {f['file'].get('p90_ms')} ms, max {f['file'].get('max_ms')} ms |")
print(f"| admin PUT sent -> first response from new target | p50 {f['api'].get('p50_ms')} ms, p90 {f['api'].get('p90_ms')} ms, max {f['api'].get('max_ms')} ms |")
print(f"| responses from the old target after the first from the new (20 checked per change) | {f['stale_after_switch']} |")
print(f"| audit log entries after the run | {audit} |")
print()
ok0 = bad == 0
ok1 = f['file'].get('max_ms') is not None and f['file']['max_ms'] <= 1000 and f['file_timeouts'] == 0
print(f"- Target 0 non-2xx: {'met' if ok0 else 'MISSED'} ({bad}).")
print(f"- Target file change -> new target <= 1 s: {'met' if ok1 else 'MISSED'} (max {f['file'].get('max_ms')} ms).")
PY

{
  echo "# Flip test: mode changes under load"
  echo
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')  "
  echo "Command: \`$COMMAND\`  "
  echo "Setup: one strangler gateway (reload-interval 250 ms, the default) in front of two nginx upstreams answering \"monolith\" and \"service\"; route \`/api/**\` flipped between mode monolith and service. Load: wrk -t1 -c$CONNECTIONS (unthrottled) for the whole flip phase, plus the polling client (one keep-alive connection, as fast as it can after each change)."
  echo
  echo "Machine:"
  machine_description
  echo
  cat "$WORK/report.md"
  echo
  echo "Reload counters: $(tr '\n' ' ' <"$WORK/reloads.txt")"
} >"$RESULTS_DIR/flip.md"
cat "$RESULTS_DIR/flip.md"
log "wrote $RESULTS_DIR/flip.md (raw output in $WORK)"
