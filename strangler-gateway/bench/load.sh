#!/usr/bin/env bash
# Throughput and latency of the strangler gateway next to its baselines, side by side in one run on
# loopback: the upstream alone (direct), nginx as a reverse proxy, a vanilla Spring Cloud Gateway with
# one plain route in its defaults, the same vanilla gateway configured to do the work ours does by
# default (trusted proxies, so forwarded headers; the client's Host preserved), and the strangler
# gateway in monolith (pass-through), canary 50 %, service and shadow mode. Load from wrk. JVMs are
# warmed first, then every contender is measured in alternating rounds; medians and ratios go to
# bench/results/load.md. Every round records the machine's load and the CPU other processes took
# (cpu_split.py); a round in which they took more than BUSY_LIMIT cores is taken again (twice at most)
# and, if still busy, not reported.
#
#   strangler-gateway/bench/load.sh            # ~13 minutes
#   WARMUP=20 DURATION=5 ROUNDS=1 strangler-gateway/bench/load.sh   # a quick look
#
# Env (defaults): WARMUP=100 (s of load per JVM before measuring), DURATION=15 (s per measurement),
# ROUNDS=3, THREADS=2, CONNECTIONS=32, BASE_PORT=18000, JAVA_HEAP="-Xms512m -Xmx512m",
# REBUILD=0 (1: rebuild the jar), RESULTS_DIR=bench/results, BUSY_LIMIT=0.15 (cores),
# LOADGEN_CPUS/SERVER_CPUS (taskset lists; empty: no pinning), JFR=0 (1: a flight recording of the
# pass-through gateway and of the equally configured vanilla one over the measured rounds, summarized
# by where the samples fall; the .jfr files stay in the work dir).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WARMUP="${WARMUP:-100}"
DURATION="${DURATION:-15}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
BASE_PORT="${BASE_PORT:-18000}"
REQ_PATH="/api/products/42"
JFR="${JFR:-0}"
COMMAND="$0 (WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS THREADS=$THREADS CONNECTIONS=$CONNECTIONS JAVA_HEAP=\"$JAVA_HEAP\" BUSY_LIMIT=$BUSY_LIMIT LOADGEN_CPUS=${LOADGEN_CPUS:-} SERVER_CPUS=${SERVER_CPUS:-} JFR=$JFR)"

ensure_tools
ensure_jar
WORK="$(mktemp -d /tmp/strangler-load.XXXXXX)"
trap 'stop_all' EXIT
trap 'exit 130' INT TERM
mkdir -p "$RESULTS_DIR"
copy_jar "$WORK"
log "work dir $WORK"

UP=$((BASE_PORT + 1)); PX=$((BASE_PORT + 2)); VS=$((BASE_PORT + 3)); VSAME=$((BASE_PORT + 4))
UPSTREAM="http://127.0.0.1:$UP"

# The upstream: nginx answering a fixed small JSON body (fast, no warm-up).
start_nginx "$WORK/upstream" "
  server {
    listen 127.0.0.1:$UP;
    location / {
      default_type application/json;
      return 200 '{\"id\":42,\"name\":\"widget\",\"price\":9.99,\"tags\":[\"a\",\"b\"],\"stock\":17}';
    }
  }"
# nginx as a reverse proxy to it, with upstream keep-alive.
start_nginx "$WORK/proxy" "
  upstream app { server 127.0.0.1:$UP; keepalive 64; }
  server {
    listen 127.0.0.1:$PX;
    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection \"\"; }
  }"

start_vanilla "$VS" "$UPSTREAM" "$WORK"; VANILLA_PID=$LAST_PID
start_vanilla "$VSAME" "$UPSTREAM" "$WORK" vanilla-scg-same "${VANILLA_SAME_WORK[@]}"; VSAME_PID=$LAST_PID

# The strangler gateway: one JVM with an empty route table (pure pass-through), and one whose table
# has a canary (50 %, stick-by header), a service and a shadow route, on /canary, /service and
# /shadow. The service is the same upstream, so only the gateway's work differs. Two JVMs rather than
# four: each JVM needs minutes of load on these 2 cores before its JIT settles.
SG_PASS=$((BASE_PORT + 10)); SG_MODES=$((BASE_PORT + 20))
printf 'monolith: %s\n' "$UPSTREAM" >"$WORK/routes-empty.yaml"
cat >"$WORK/routes-modes.yaml" <<YAML
monolith: $UPSTREAM
services:
  catalog:
    url: $UPSTREAM
routes:
  - {id: canary, paths: ['/canary/**'], service: catalog, mode: canary, percent: 50, stick-by: [header:X-Device-Id]}
  - {id: service, paths: ['/service/**'], service: catalog, mode: service}
  - {id: shadow, paths: ['/shadow/**'], service: catalog, mode: shadow}
YAML
start_strangler strangler-pass "$SG_PASS" $((SG_PASS + 1)) $((SG_PASS + 2)) "$WORK/routes-empty.yaml" "$WORK"
PASS_PID=$LAST_PID
start_strangler strangler-modes "$SG_MODES" $((SG_MODES + 1)) $((SG_MODES + 2)) "$WORK/routes-modes.yaml" "$WORK"
MODES_PID=$LAST_PID

wait_http "$UPSTREAM$REQ_PATH" 20
wait_http "http://127.0.0.1:$PX$REQ_PATH" 20
wait_http "http://127.0.0.1:$VS$REQ_PATH" 180 "$VANILLA_PID"
wait_http "http://127.0.0.1:$VSAME$REQ_PATH" 180 "$VSAME_PID"
wait_http "http://127.0.0.1:$SG_PASS$REQ_PATH" 180 "$PASS_PID"
for mode in canary service shadow; do
  wait_http "http://127.0.0.1:$SG_MODES/$mode$REQ_PATH" 180 "$MODES_PID"
done
log "all contenders answer"

# The baseline really is vanilla: none of our filters in its chain; ours has them.
curl -fsS "http://127.0.0.1:$VS/actuator/gateway/globalfilters" >"$WORK/vanilla-globalfilters.json"
curl -fsS "http://127.0.0.1:$((SG_PASS + 2))/actuator/gateway/globalfilters" >"$WORK/strangler-globalfilters.json"
if grep -qi strangler "$WORK/vanilla-globalfilters.json"; then
  log "the vanilla gateway has strangler filters: $(cat "$WORK/vanilla-globalfilters.json")"; exit 1
fi
grep -qi StranglerDecisionFilter "$WORK/strangler-globalfilters.json" || { log "strangler filters not found"; exit 1; }
VANILLA_FILTERS="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/vanilla-globalfilters.json")"
OUR_FILTERS="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/strangler-globalfilters.json")"
curl -fsS "http://127.0.0.1:$VSAME/actuator/gateway/globalfilters" >"$WORK/vanilla-same-globalfilters.json"
SAME_FILTERS="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/vanilla-same-globalfilters.json")"
log "global filters: vanilla $VANILLA_FILTERS, vanilla same work $SAME_FILTERS, strangler $OUR_FILTERS"
# The equally configured contender really does the same work: it adds X-Forwarded-* and Forwarded and
# keeps the client's Host, as ours does (checked on one request to an upstream that echoes headers).
ECHO=$((BASE_PORT + 5))
start_nginx "$WORK/echo" "
  server {
    listen 127.0.0.1:$ECHO;
    location / { default_type text/plain; return 200 'host=\$http_host xff=\$http_x_forwarded_for fwd=\$http_forwarded'; }
  }"
wait_http "http://127.0.0.1:$ECHO/" 20
ECHO_SAME=$((BASE_PORT + 6))
start_vanilla "$ECHO_SAME" "http://127.0.0.1:$ECHO" "$WORK" vanilla-scg-same-echo "${VANILLA_SAME_WORK[@]}"
ECHO_SAME_PID=$LAST_PID
wait_http "http://127.0.0.1:$ECHO_SAME/" 180 "$ECHO_SAME_PID"
echoed="$(curl -fsS -H 'Host: app.example' "http://127.0.0.1:$ECHO_SAME/x")"
kill "$ECHO_SAME_PID"
log "vanilla same work upstream saw: $echoed"
case "$echoed" in
  "host=app.example xff=127.0.0.1 fwd="*for=*) ;;
  *) log "the equally configured vanilla gateway does not do the same work: $echoed"; exit 1 ;;
esac

# Every contender gets the same wrk script: 1,000 device ids in the stick-by header, cycled.
cat >"$WORK/devices.lua" <<'LUA'
local reqs = {}
local n = 1000
local i = 0
init = function(args)
  for k = 1, n do
    reqs[k] = wrk.format("GET", nil, {["X-Device-Id"] = "device-" .. k})
  end
end
request = function()
  i = i % n + 1
  return reqs[i]
end
LUA

CONTENDERS=(direct nginx vanilla-scg vanilla-scg-same strangler-monolith strangler-canary strangler-service strangler-shadow)
url_of() {
  case "$1" in
    direct) echo "$UPSTREAM$REQ_PATH" ;;
    nginx) echo "http://127.0.0.1:$PX$REQ_PATH" ;;
    vanilla-scg) echo "http://127.0.0.1:$VS$REQ_PATH" ;;
    vanilla-scg-same) echo "http://127.0.0.1:$VSAME$REQ_PATH" ;;
    strangler-monolith) echo "http://127.0.0.1:$SG_PASS$REQ_PATH" ;;
    strangler-*) echo "http://127.0.0.1:$SG_MODES/${1#strangler-}$REQ_PATH" ;;
  esac
}
run_wrk() { # contender seconds outfile
  timeout $(($2 + 30)) $LOADGEN_PIN wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2"s --timeout 5s --latency -s "$WORK/devices.lua" "$(url_of "$1")" >"$3"
}

for c in "${CONTENDERS[@]}"; do
  # Each JVM gets WARMUP seconds; the JVM serving three modes gets half of it per mode.
  w=5; case "$c" in vanilla-scg|vanilla-scg-same|strangler-monolith) w=$WARMUP ;; strangler-*) w=$((WARMUP / 2)) ;; esac
  log "warming $c for ${w}s"
  run_wrk "$c" "$w" "$WORK/warmup-$c.txt"
done

if [ "$JFR" = 1 ]; then
  for pid in "$PASS_PID" "$VSAME_PID"; do
    jcmd "$pid" JFR.start name=bench settings=profile filename="$WORK/$pid.jfr" >/dev/null
  done
  # Starting a recording costs its JVM the next seconds (in the first runs both recorded JVMs gave a tenth of
  # their req/s in round 1): load them unmeasured for a while first.
  for c in strangler-monolith vanilla-scg-same; do
    log "settling $c after the recording started"
    run_wrk "$c" 20 "$WORK/jfr-settle-$c.txt"
  done
fi

# rounds.txt: round contender try load_1min ours_cores others_cores verdict
n=${#CONTENDERS[@]}
for r in $(seq 1 "$ROUNDS"); do
  for k in $(seq 0 $((n - 1))); do
    c="${CONTENDERS[$(( (k + r - 1) % n ))]}"   # each round starts one contender later
    for try in 1 2 3; do
      load="$(machine_load)"
      log "round $r: $c for ${DURATION}s (try $try, load $load)"
      before="$(cpu_snapshot)"
      run_wrk "$c" "$DURATION" "$WORK/round$r-$c.txt"
      read -r ours others <<<"$(cpu_between "$before" "$(cpu_snapshot)")"
      verdict=ok
      if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)" "$others" "$BUSY_LIMIT"; then
        verdict=busy
      fi
      echo "$r $c $try $load $ours $others $verdict" >>"$WORK/rounds.txt"
      [ "$verdict" = ok ] && break
      log "round $r of $c: other processes took $others cores (limit $BUSY_LIMIT): taken again"
      sleep 5
    done
  done
done

JFR_SUMMARY=""
if [ "$JFR" = 1 ]; then
  for pid in "$PASS_PID" "$VSAME_PID"; do
    jcmd "$pid" JFR.stop name=bench >/dev/null
  done
  JFR_SUMMARY="$WORK/jfr-summary.md"
  python3 "$BENCH_DIR/jfr_where.py" "strangler-monolith=$WORK/$PASS_PID.jfr" "vanilla-scg-same=$WORK/$VSAME_PID.jfr" >"$JFR_SUMMARY" \
    || { log "the flight recordings could not be summarized (kept in $WORK)"; JFR_SUMMARY=""; }
fi

curl -fsS "http://127.0.0.1:$((SG_MODES + 2))/actuator/prometheus" 2>/dev/null \
  | grep -E '^strangler_shadow_results_total\{.*route="shadow"' >"$WORK/shadow-results.txt" || true

# Medians and ratios, over the rounds no other work disturbed.
python3 - "$WORK" "$ROUNDS" "$BUSY_LIMIT" "$VANILLA_FILTERS" "$SAME_FILTERS" "$OUR_FILTERS" "${CONTENDERS[@]}" <<'PY' >"$WORK/table.md"
import re, statistics, sys
work, rounds, busy_limit, vf, sf, of = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
contenders = sys.argv[7:]
def ms(v):
    m = re.match(r'([\d.]+)(us|ms|s)$', v)
    return float(m.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000}[m.group(2)]
def parse(path):
    t = open(path).read()
    rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
    p50 = ms(re.search(r'^\s+50%\s+(\S+)', t, re.M).group(1))
    p99 = ms(re.search(r'^\s+99%\s+(\S+)', t, re.M).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r'Non-2xx or 3xx responses:\s+(\d+)', t)) else 0
    sock = sum(map(int, m.groups())) if (m := re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', t)) else 0
    return rps, p50, p99, non2xx + sock
tries = [l.split() for l in open(f"{work}/rounds.txt")]
final = {}  # (round, contender) -> the last try, the one whose wrk output is kept
for r, c, t, load, ours, others, verdict in tries:
    final[(int(r), c)] = (load, ours, others, verdict)
res = {}
for c in contenders:
    runs = [parse(f"{work}/round{r}-{c}.txt") for r in range(1, rounds + 1) if final[(r, c)][3] == 'ok']
    if not runs:
        res[c] = None
        continue
    res[c] = dict(rps=statistics.median(x[0] for x in runs), p50=statistics.median(x[1] for x in runs),
                  p99=statistics.median(x[2] for x in runs), errors=sum(x[3] for x in runs), n=len(runs),
                  all=" / ".join(f"{x[0]:.0f}" for x in runs))
def ratio(c, base):
    return None if res[c] is None or res[base] is None else res[c]['rps'] / res[base]['rps']
def fmt(x):
    return "-" if x is None else f"{x:.2f}"
print("| contender | req/s (median) | p50 ms | p99 ms | x direct | x vanilla SCG (defaults) | x vanilla SCG (same work) | errors | rounds used | req/s per round |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for c in contenders:
    x = res[c]
    if x is None:
        print(f"| {c} | not reported: every round of it was taken on a busy machine | | | | | | | 0 of {rounds} | |")
        continue
    print(f"| {c} | {x['rps']:.0f} | {x['p50']:.2f} | {x['p99']:.2f} | {fmt(ratio(c, 'direct'))} | {fmt(ratio(c, 'vanilla-scg'))} "
          f"| {fmt(ratio(c, 'vanilla-scg-same'))} | {x['errors']} | {x['n']} of {rounds} | {x['all']} |")
print()
for c in ('strangler-monolith', 'strangler-canary'):
    r = ratio(c, 'vanilla-scg-same')
    if r is None:
        print(f"- Target {c} >= 1.0x vanilla SCG doing the same work, p99 no worse: not measured (busy rounds)")
        continue
    p99, vp99 = res[c]['p99'], res['vanilla-scg-same']['p99']
    ok = r >= 1.0 and p99 <= vp99
    print(f"- Target {c} >= 1.0x vanilla SCG doing the same work, p99 no worse: {'met' if ok else 'MISSED'} "
          f"({r:.2f}x; p99 {p99:.2f} ms vs {vp99:.2f} ms)")
r = ratio('strangler-shadow', 'strangler-monolith')
print(f"- Target strangler-shadow >= 0.7x our own pass-through: "
      + ("not measured (busy rounds)" if r is None else f"{'met' if r >= 0.7 else 'MISSED'} ({r:.2f}x)"))
print(f"- Global filters in the chain: vanilla SCG {vf}, vanilla SCG doing the same work {sf}, strangler gateway {of} (the vanilla apps have no strangler filter).")
print()
print(f"Each measurement: the machine's 1-minute load average before it, the CPU (in cores) the benchmark's own processes "
      f"(wrk, the contenders, the upstream) and all other processes took during it; a measurement in which other processes "
      f"took more than {busy_limit} cores was taken again (at most three tries) and is not reported if it stayed busy.")
print()
print("| round | contender | try | load (1 min) | ours (cores) | others (cores) | verdict |")
print("|---:|---|---:|---:|---:|---:|---|")
for r, c, t, load, ours, others, verdict in tries:
    print(f"| {r} | {c} | {t} | {load} | {ours} | {others} | {verdict} |")
loads = [float(x[3]) for x in tries]
others = [float(x[5]) for x in tries]
print()
print(f"Load average before each measurement: min {min(loads):.1f}, median {statistics.median(loads):.1f}, max {max(loads):.1f}; "
      f"other processes' CPU: median {statistics.median(others):.2f}, max {max(others):.2f} cores.")
PY

{
  echo "# Load benchmark: strangler gateway vs baselines"
  echo
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')  "
  echo "Command: \`$COMMAND\`  "
  echo "Load: wrk -t$THREADS -c$CONNECTIONS --latency, GET $REQ_PATH (about 80-byte JSON body), stick-by header from 1,000 device ids; both vanilla SCGs and the pass-through gateway warmed ${WARMUP}s each, the gateway serving canary/service/shadow $((WARMUP / 2))s per mode, then $ROUNDS alternating rounds of ${DURATION}s per contender; medians over rounds. Errors = non-2xx responses + socket errors, all rounds."
  echo
  echo "Machine:"
  machine_description
  echo
  echo "Contenders: **direct** = the upstream itself (nginx returning a fixed JSON body, worker_processes auto); **nginx** = nginx reverse proxy with upstream keep-alive; **vanilla-scg** = Spring Cloud Gateway with one plain \`Path=/**\` route, no strangler code, Spring defaults (\`dev.strangler.benchsupport.VanillaGatewayApplication\`); **vanilla-scg-same** = the same vanilla gateway doing the work ours does by default: our trusted proxies (so X-Forwarded-* and Forwarded are added; checked on an echoing upstream before the run) and Spring Cloud Gateway's PreserveHostHeader filter; **strangler-monolith** = our gateway with an empty route table (pure pass-through to the monolith); **strangler-canary / -service / -shadow** = our gateway (a second JVM) with a canary 50 % route (stick-by header), a service-mode route and a shadow-mode route. All JVMs: \`$JAVA_HEAP\`, same jar."
  echo
  cat "$WORK/table.md"
  echo
  if [ -n "$JFR_SUMMARY" ]; then
    echo "Where the time goes (JFR execution samples over the measured rounds; \`JFR=1\`):"
    echo
    cat "$JFR_SUMMARY"
    echo
  fi
  echo "Shadow mode counters after the run (shadow target = the same upstream; copies beyond 32 in flight are dropped by design):"
  echo
  echo '```'
  cat "$WORK/shadow-results.txt"
  echo '```'
} >"$RESULTS_DIR/load.md"
cat "$RESULTS_DIR/load.md"
log "wrote $RESULTS_DIR/load.md (raw wrk output in $WORK)"
