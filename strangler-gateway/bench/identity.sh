#!/usr/bin/env bash
# What identity propagation costs, measured on loopback with the real identity service:
#
# 1. Latency and throughput through the gateway of a service route whose service is declared
#    `credential: jwt`, with the exchanged JWTs cached (default cache-ttl) and uncached (a second gateway
#    with cache-ttl=1ms, so every request exchanges its session token at the identity service), next to
#    the same route of a service that takes the app's header `as-sent` (the baseline), side by side in
#    alternating wrk rounds after a warm-up; p50/p99 and requests/s, and each one's ratio to the baseline.
# 2. The time from a logout at the identity service to the first request whose service is sent the refused
#    credential (`Bearer refused-by-the-gateway`) instead of a JWT, polled every 100 ms, against the
#    cache-ttl bound: LOGOUT_TRIALS times on a gateway with cache-ttl=LOGOUT_TTL, LOGOUT_DEFAULT_TRIALS
#    times on the default 60s.
#
# Started here, all on 127.0.0.1 and stopped at the end (also on failure): a private PostgreSQL (the
# toolkit's launcher, local-infra's PostgresCluster, through BenchPostgres.java; as root it runs as the
# postgres user), the identity service, nginx as the upstream service (a fixed JSON body, and on /echo the
# Authorization header it was sent), three strangler gateways (cached, uncached, LOGOUT_TTL). Results:
# bench/results/identity.md (raw wrk output stays in the work dir printed at the start).
#
#   strangler-gateway/bench/identity.sh                                  # ~9 minutes
#   WARMUP=10 DURATION=5 ROUNDS=1 strangler-gateway/bench/identity.sh    # a quick look, ~4 minutes
# (Measured on 2 cores: the full run 8.6 min with the JVMs up in 1 min. The quick form is 3.2 min of
# work after start-up, one minute of it the default-TTL logout trial (LOGOUT_DEFAULT_TRIALS=0 skips it);
# the four JVMs took 2.5-4 min to start on the same machine at a load average of 10-20.)
#
# Env (defaults): WARMUP=60 (s of load per gateway JVM before measuring, split over its contenders),
# DURATION=15 (s per measurement), ROUNDS=3, THREADS=2, CONNECTIONS=32, SESSIONS=200 (session tokens the
# load cycles through, one login each), BASE_PORT=21000 (ports BASE_PORT+1 .. +32), LOGOUT_TRIALS=5,
# LOGOUT_TTL=5s, LOGOUT_DEFAULT_TRIALS=1 (0: skip the 60s trial), JAVA_HEAP="-Xms512m -Xmx512m",
# REBUILD=0 (1: rebuild the jars), RESULTS_DIR=bench/results.
# A round is clean when the rest of the machine (every process but this run's) used at most a quarter of a
# core during it (the load average is no test: this run alone keeps it above the core count); medians are
# taken over clean rounds, and over all rounds (flagged in the table) only when a contender has none.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WARMUP="${WARMUP:-60}"
DURATION="${DURATION:-15}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
SESSIONS="${SESSIONS:-200}"
BASE_PORT="${BASE_PORT:-21000}"
LOGOUT_TRIALS="${LOGOUT_TRIALS:-5}"
LOGOUT_TTL="${LOGOUT_TTL:-5s}"
LOGOUT_DEFAULT_TRIALS="${LOGOUT_DEFAULT_TRIALS:-1}"
# Registration and login hash the password (PBKDF2); the service's 600,000 iterations would make the
# SESSIONS logins take minutes on 2 cores and measure nothing this benchmark is about.
PBKDF2_ITERATIONS=1000
REQ_PATH="/api/products/42"
COMMAND="$0 (WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS THREADS=$THREADS CONNECTIONS=$CONNECTIONS SESSIONS=$SESSIONS LOGOUT_TRIALS=$LOGOUT_TRIALS LOGOUT_TTL=$LOGOUT_TTL LOGOUT_DEFAULT_TRIALS=$LOGOUT_DEFAULT_TRIALS JAVA_HEAP=\"$JAVA_HEAP\")"
CORES="$(nproc)"
IDENTITY_JAR="$ROOT_DIR/extracted-services/identity-service/target/identity-service-0.1.0-SNAPSHOT.jar"
INFRA_JAR="$ROOT_DIR/cdc-connectors/local-infra/target/local-infra-0.1.0-SNAPSHOT.jar"

ensure_tools
if [ ! -f "$JAR" ] || [ ! -f "$IDENTITY_JAR" ] || [ ! -f "$INFRA_JAR" ] || [ "${REBUILD:-0}" = 1 ]; then
  log "building the gateway, the identity service and local-infra"
  (cd "$ROOT_DIR" && mvn -B -ntp -q ${MVN_OFFLINE--o} package -DskipTests -Dspotless.check.skip=true \
    -pl strangler-gateway,extracted-services/identity-service,cdc-connectors/local-infra -am)
fi
WORK="$(mktemp -d /tmp/strangler-identity.XXXXXX)"
mkdir -p "$RESULTS_DIR"
copy_jar "$WORK"
cp "$IDENTITY_JAR" "$WORK/identity-service.jar"
log "work dir $WORK"

UP=$((BASE_PORT + 1)); PG=$((BASE_PORT + 2)); ID=$((BASE_PORT + 3))
G_CACHED=$((BASE_PORT + 10)); G_UNCACHED=$((BASE_PORT + 20)); G_LOGOUT=$((BASE_PORT + 30))
UPSTREAM="http://127.0.0.1:$UP"
IDENTITY="http://127.0.0.1:$ID"

# The PostgreSQL launcher needs pgjdbc; the identity service's jar carries it.
mkdir -p "$WORK/lib"
unzip -q -j -o "$WORK/identity-service.jar" 'BOOT-INF/lib/postgresql-*.jar' 'BOOT-INF/lib/slf4j-api-*.jar' -d "$WORK/lib"
PG_CP="$INFRA_JAR:$(printf '%s:' "$WORK"/lib/*.jar)"
bench_postgres() { java -cp "$PG_CP" "$BENCH_DIR/BenchPostgres.java" "$@" 2> >(grep -v '^SLF4J' >&2); }
PG_STARTED=0
cleanup() {
  stop_all
  rm -f "$WORK/sessions.txt" "$WORK/database.properties"   # live credentials of a service that is gone now
  if [ "$PG_STARTED" = 1 ]; then bench_postgres destroy "$WORK/postgres/data" "$PG" || log "could not remove the PostgreSQL cluster"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "starting PostgreSQL on $PG"
PG_STARTED=1
POSTMASTER_PID="$(bench_postgres start "$WORK/postgres/data" "$PG" identity "$WORK/database.properties")"

# The gateway's client secret at the identity service: random per run, passed in the environment only.
CLIENT_SECRET="bench-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
export IDENTITY_GATEWAY_CLIENT_SECRET="{noop}$CLIENT_SECRET"
start_bg "$WORK/identity.log" \
  java $JAVA_HEAP -jar "$WORK/identity-service.jar" --server.port="$ID" --server.address=127.0.0.1 \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG/identity" \
  --spring.config.additional-location="file:$WORK/database.properties" \
  --spring.security.oauth2.authorizationserver.issuer="$IDENTITY" \
  --passwords.pbkdf2-iterations="$PBKDF2_ITERATIONS" --logging.level.root=WARN
IDENTITY_PID=$LAST_PID
unset IDENTITY_GATEWAY_CLIENT_SECRET

# The upstream service: a fixed small JSON body, and /echo answers the Authorization header it received,
# so the logout measurement sees what the gateway sends the service.
start_nginx "$WORK/upstream" "
  server {
    listen 127.0.0.1:$UP;
    location ~ /echo\$ {
      default_type text/plain;
      return 200 \"\$http_authorization\";
    }
    location / {
      default_type application/json;
      return 200 '{\"id\":42,\"name\":\"widget\",\"price\":9.99,\"tags\":[\"a\",\"b\"],\"stock\":17}';
    }
  }"

# One route file for every gateway: the same upstream as two services, one taking the app's header as
# sent, one taking a JWT; so the two routes differ only in identity propagation.
cat >"$WORK/routes.yaml" <<YAML
monolith: $UPSTREAM
services:
  plain: {url: "$UPSTREAM", credential: as-sent}
  secure: {url: "$UPSTREAM", credential: jwt}
routes:
  - {id: as-sent, paths: ['/plain/**'], service: plain, mode: service}
  - {id: jwt, paths: ['/jwt/**'], service: secure, mode: service}
YAML
identity_args=(--strangler.identity.token-uri="$IDENTITY/oauth2/token")
export STRANGLER_IDENTITY_CLIENT_SECRET="$CLIENT_SECRET"
start_strangler gw-cached "$G_CACHED" $((G_CACHED + 1)) $((G_CACHED + 2)) "$WORK/routes.yaml" "$WORK" "${identity_args[@]}"
CACHED_PID=$LAST_PID
# cache-ttl must be positive; 1ms expires every entry as soon as its exchange is done, and the load cycles
# through SESSIONS tokens, so each request finds its token's entry gone (the metrics below check that).
start_strangler gw-uncached "$G_UNCACHED" $((G_UNCACHED + 1)) $((G_UNCACHED + 2)) "$WORK/routes.yaml" "$WORK" \
  "${identity_args[@]}" --strangler.identity.cache-ttl=1ms
UNCACHED_PID=$LAST_PID
start_strangler gw-logout "$G_LOGOUT" $((G_LOGOUT + 1)) $((G_LOGOUT + 2)) "$WORK/routes.yaml" "$WORK" \
  "${identity_args[@]}" --strangler.identity.cache-ttl="$LOGOUT_TTL"
LOGOUT_PID=$LAST_PID
unset STRANGLER_IDENTITY_CLIENT_SECRET

wait_http "$UPSTREAM$REQ_PATH" 20
# On a busy 2-core machine four Spring Boot JVMs starting at once can take minutes.
log "waiting for the identity service and the gateways (load $(machine_load))"
wait_http "$IDENTITY/actuator/health" 600 "$IDENTITY_PID"
for g in "$G_CACHED:$CACHED_PID" "$G_UNCACHED:$UNCACHED_PID" "$G_LOGOUT:$LOGOUT_PID"; do
  wait_http "http://127.0.0.1:${g%%:*}/plain$REQ_PATH" 300 "${g##*:}"
done
log "identity service and gateways answer"

# One user, SESSIONS logins: SESSIONS live session tokens (the password is the bench's own, per run).
USER_EMAIL="bench-$(date +%s)@example.com"
USER_PASSWORD="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
python3 - "$IDENTITY" "$USER_EMAIL" "$USER_PASSWORD" "$SESSIONS" "$WORK/sessions.txt" <<'PY'
import json, sys, time, urllib.request
base, email, password, n, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
def post(path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, json.loads(r.read() or b"null")
status, _ = post("/api/users/register", {"email": email, "password": password, "name": "Bench"})
assert status == 201, f"register answered {status}"
deadline = time.monotonic() + 120
with open(out, "w") as f:
    for _ in range(n):
        if time.monotonic() > deadline:
            sys.exit("logins took over 120 s")
        status, answer = post("/api/auth/login", {"email": email, "password": password})
        assert status == 200, f"login answered {status}"
        f.write(answer["token"] + "\n")
PY
log "$SESSIONS session tokens"

# The propagation works before anything is measured: the jwt route's service gets a JWT, the as-sent
# route's the session token itself.
FIRST="$(head -1 "$WORK/sessions.txt")"
# A cold identity service on a busy machine can miss the gateway's 2 s timeout (503): a few more tries.
echo_via() {
  local body
  for _ in 1 2 3 4 5; do
    body="$(curl -fsS --max-time 10 -H "Authorization: Bearer $2" "http://127.0.0.1:$1/echo" 2>/dev/null)" && { echo "$body"; return 0; }
    sleep 1
  done
  log "$1/echo did not answer 200 in 5 tries"; return 1
}
case "$(echo_via "$G_CACHED/jwt" "$FIRST")" in "Bearer ey"*) ;; *) log "the jwt route did not send a JWT"; exit 1 ;; esac
case "$(echo_via "$G_UNCACHED/jwt" "$FIRST")" in "Bearer ey"*) ;; *) log "the jwt route did not send a JWT"; exit 1 ;; esac
[ "$(echo_via "$G_CACHED/plain" "$FIRST")" = "Bearer $FIRST" ] || { log "the as-sent route changed the header"; exit 1; }

# Every contender gets the same wrk script: the session tokens in Authorization, cycled; each thread
# starts at its own offset so two threads rarely send the same token at once.
cat >"$WORK/sessions.lua" <<LUA
local tokens = {}
local reqs = {}
local i = 0
local counter = 0
setup = function(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
init = function(args)
  for line in io.lines("$WORK/sessions.txt") do tokens[#tokens + 1] = line end
  for k = 1, #tokens do
    reqs[k] = wrk.format("GET", nil, {["Authorization"] = "Bearer " .. tokens[k]})
  end
  i = math.floor(offset * #tokens / $THREADS)
end
request = function()
  i = i % #reqs + 1
  return reqs[i]
end
LUA

CONTENDERS=(as-sent jwt-cached jwt-uncached as-sent-uncached-jvm)
url_of() {
  case "$1" in
    as-sent) echo "http://127.0.0.1:$G_CACHED/plain$REQ_PATH" ;;
    jwt-cached) echo "http://127.0.0.1:$G_CACHED/jwt$REQ_PATH" ;;
    jwt-uncached) echo "http://127.0.0.1:$G_UNCACHED/jwt$REQ_PATH" ;;
    as-sent-uncached-jvm) echo "http://127.0.0.1:$G_UNCACHED/plain$REQ_PATH" ;;
  esac
}
mgmt_of() { case "$1" in as-sent|jwt-cached) echo $((G_CACHED + 2)) ;; *) echo $((G_UNCACHED + 2)) ;; esac; }
run_wrk() { # contender seconds outfile
  timeout $(($2 + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2"s --timeout 5s --latency -s "$WORK/sessions.lua" "$(url_of "$1")" >"$3"
}
# strangler_identity_resolutions_total by result: "cached resolved rejected error".
resolutions() {
  curl -fsS --max-time 5 "http://127.0.0.1:$1/actuator/prometheus" | python3 -c '
import re, sys
counts = {r: 0.0 for r in ("cached", "resolved", "rejected", "error")}
for line in sys.stdin:
    m = re.match(r"strangler_identity_resolutions_total\{.*result=\"(\w+)\".*\} (\S+)", line)
    if m: counts[m.group(1)] = float(m.group(2))
print(" ".join("%d" % counts[r] for r in ("cached", "resolved", "rejected", "error")))'
}
# CPU ticks (1/100 s) since boot: the machine's busy time, and this run's processes' (this script's
# descendants, nginx and wrk included, and the postmaster with its backends), as "machine ours".
cpu_ticks() {
  python3 - "$$" "$POSTMASTER_PID" <<'PY'
import os, sys
roots = [int(a) for a in sys.argv[1:]]
procs = {}
for p in os.listdir("/proc"):
    if not p.isdigit():
        continue
    try:
        s = open(f"/proc/{p}/stat").read()
    except OSError:
        continue
    f = s[s.rindex(")") + 2:].split()
    procs[int(p)] = (int(f[1]), int(f[11]) + int(f[12]), int(f[13]) + int(f[14]))
children = {}
for pid, (ppid, _, _) in procs.items():
    children.setdefault(ppid, []).append(pid)
ours, seen, stack = 0, set(), list(roots)
for r in roots:  # children of the roots that ended (wrk, backends) count through the roots' cutime
    ours += procs.get(r, (0, 0, 0))[2]
while stack:
    pid = stack.pop()
    if pid in seen or pid not in procs:
        continue
    seen.add(pid)
    ours += procs[pid][1]
    stack += children.get(pid, [])
cpu = open("/proc/stat").readline().split()
busy = sum(int(cpu[i]) for i in (1, 2, 3, 6, 7, 8))  # user nice system irq softirq steal
print(busy, ours)
PY
}

# Before any load: every session token once through the cached gateway's jwt route, four at a time, so the
# jwt-cached contender starts with its cache full (and the identity service has run a few hundred exchanges);
# a token whose exchange failed (a busy identity service: 503) is asked again, at most three times.
python3 - "http://127.0.0.1:$G_CACHED/jwt/echo" "$WORK/sessions.txt" <<'PY'
import sys, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor
url, tokens = sys.argv[1], open(sys.argv[2]).read().split()
def fill(token):
    for _ in range(3):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": "Bearer " + token}), timeout=10) as r:
                if r.read().decode().startswith("Bearer ey"):
                    return True
        except (urllib.error.URLError, OSError):
            pass
    return False
with ThreadPoolExecutor(4) as pool:
    filled = sum(pool.map(fill, tokens))
print(f"{filled} of {len(tokens)} session tokens exchanged and cached", file=sys.stderr)
PY

WARM_EACH=$(( WARMUP / 2 > 5 ? WARMUP / 2 : 5 ))
for c in "${CONTENDERS[@]}"; do
  log "warming $c for ${WARM_EACH}s"
  run_wrk "$c" "$WARM_EACH" "$WORK/warmup-$c.txt"
done

n=${#CONTENDERS[@]}
: >"$WORK/rounds.txt"
for r in $(seq 1 "$ROUNDS"); do
  for k in $(seq 0 $((n - 1))); do
    c="${CONTENDERS[$(( (k + r - 1) % n ))]}"   # each round starts one contender later
    log "round $r: $c for ${DURATION}s (load $(machine_load))"
    load_before="$(machine_load)"; res_before="$(resolutions "$(mgmt_of "$c")")"
    cpu_before="$(cpu_ticks)"; t0="$(date +%s.%N)"
    run_wrk "$c" "$DURATION" "$WORK/round$r-$c.txt"
    t1="$(date +%s.%N)"; cpu_after="$(cpu_ticks)"
    res_after="$(resolutions "$(mgmt_of "$c")")"; load_after="$(machine_load)"
    echo "$r $c $load_before $load_after $t0 $t1 $cpu_before $cpu_after $res_before $res_after" >>"$WORK/rounds.txt"
  done
done

# The identity service's own timing of the exchanges it answered (all of the run: warm-up and rounds).
curl -fsS --max-time 5 "$IDENTITY/actuator/metrics/identity.token.exchanges?tag=result:issued" >"$WORK/identity-exchanges.json" || echo '{}' >"$WORK/identity-exchanges.json"

# Logout to refusal: log in, one request through the jwt route (its JWT is now cached), log out at the
# identity service, then one request every 100 ms until the service is sent the refused credential.
log "logout to refusal: $LOGOUT_TRIALS trial(s) at cache-ttl $LOGOUT_TTL, $LOGOUT_DEFAULT_TRIALS at the default 60s"
python3 - "$IDENTITY" "$USER_EMAIL" "$USER_PASSWORD" "$CLIENT_SECRET" "$WORK/logout.json" \
  "http://127.0.0.1:$G_LOGOUT/jwt/echo" "$LOGOUT_TTL" "$LOGOUT_TRIALS" \
  "http://127.0.0.1:$G_CACHED/jwt/echo" 60s "$LOGOUT_DEFAULT_TRIALS" <<'PY'
import base64, json, re, sys, threading, time, urllib.error, urllib.parse, urllib.request
identity, email, password, secret, out = sys.argv[1:6]
setups = [(sys.argv[i], sys.argv[i + 1], int(sys.argv[i + 2])) for i in (6, 9)]
REFUSED = "Bearer refused-by-the-gateway"

def seconds(d):
    m = re.fullmatch(r"(\d+)(ms|s|m)", d)
    return int(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[m.group(2)]

def call(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()

def login():
    status, body = call(identity + "/api/auth/login", json.dumps({"email": email, "password": password}).encode(),
                        {"Content-Type": "application/json"})
    assert status == 200, f"login answered {status}"
    return json.loads(body)["token"]

def exchange(token):
    form = urllib.parse.urlencode({"grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
                                   "subject_token": token,
                                   "subject_token_type": "urn:ietf:params:oauth:token-type:access_token"}).encode()
    basic = base64.b64encode(f"strangler-gateway:{secret}".encode()).decode()
    return call(identity + "/oauth2/token", form, {"Authorization": "Basic " + basic,
                                                  "Content-Type": "application/x-www-form-urlencoded"})[0]

class Failed(Exception):
    pass

def trial(echo, ttl):
    token = login()
    # A busy identity service may miss the gateway's 2 s timeout (503): ask again, a few times.
    for _ in range(5):
        status, sent = call(echo, headers={"Authorization": "Bearer " + token})
        if status != 503:
            break
        time.sleep(1)
    warmed = time.monotonic()
    if status != 200 or not sent.startswith("Bearer ey"):
        raise Failed(f"the service was not sent a JWT before the logout ({status} {sent[:40]!r})")
    status, _ = call(identity + "/api/auth/logout", method="POST", headers={"Authorization": "Bearer " + token})
    logged_out = time.monotonic()
    if status != 204:
        raise Failed(f"logout answered {status}")
    identity_refuses = exchange(token) == 400   # the identity service refuses it at once
    polls, unavailable, deadline, last_jwt = 0, 0, logged_out + ttl + 15, 0.0
    while time.monotonic() < deadline:
        polls += 1
        started = time.monotonic()
        status, sent = call(echo, headers={"Authorization": "Bearer " + token})
        now = time.monotonic()
        if status == 200 and sent == REFUSED:
            # The bound holds when no request that started more than cache-ttl after the logout got a JWT.
            return dict(ttl_s=ttl, logout_to_refused_s=round(now - logged_out, 3),
                        cached_to_refused_s=round(now - warmed, 3), last_jwt_started_s=round(last_jwt, 3),
                        polls=polls, unavailable_503=unavailable, identity_refused_at_once=identity_refuses)
        if status == 200:
            last_jwt = started - logged_out
        if status == 503:   # the gateway could not ask the identity service in time: not an answer either way
            unavailable += 1
        if status not in (200, 503) or status == 200 and not sent.startswith("Bearer ey"):
            raise Failed(f"unexpected answer {status} {sent[:40]!r}")
        time.sleep(max(0.0, 0.1 - (time.monotonic() - now)))
    raise Failed(f"not refused {ttl + 15:.0f} s after the logout")

def guarded(echo, ttl):
    try:
        return trial(echo, ttl)
    except Exception as e:  # one failed trial is reported, the others go on
        return dict(ttl_s=ttl, error=f"{type(e).__name__}: {e}")

results = {}
def run(echo, ttl_text, n):
    results[ttl_text] = [guarded(echo, seconds(ttl_text)) for _ in range(n)]
# The two gateways are independent: the default-TTL trial runs beside the short ones, not after them.
threads = [threading.Thread(target=run, args=s) for s in setups if s[2] > 0]
for t in threads: t.start()
for t in threads: t.join()
json.dump(results, open(out, "w"), indent=1)
PY

python3 - "$WORK" "$ROUNDS" "$CORES" "${CONTENDERS[@]}" <<'PY'
import json, re, statistics, sys
work, rounds, cores, contenders = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
def ms(v):
    m = re.match(r'([\d.]+)(us|ms|s)$', v)
    return float(m.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000}[m.group(2)]
def parse(path):
    t = open(path).read()
    rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
    total = int(re.search(r'(\d+) requests in', t).group(1))
    p50 = ms(re.search(r'^\s+50%\s+(\S+)', t, re.M).group(1))
    p99 = ms(re.search(r'^\s+99%\s+(\S+)', t, re.M).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r'Non-2xx or 3xx responses:\s+(\d+)', t)) else 0
    sock = sum(map(int, m.groups())) if (m := re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', t)) else 0
    # Requests/sec counts the 503s of a failed exchange too: the contenders are compared on the 2xx answers.
    ok_rps = rps * (total - non2xx) / total if total else 0.0
    return dict(rps=ok_rps, total=total, p50=p50, p99=p99, errors=non2xx + sock)
runs = []
for line in open(f"{work}/rounds.txt"):
    f = line.split()
    r, c = int(f[0]), f[1]
    load_before, load_after, t0, t1 = map(float, f[2:6])
    mb, ob, ma, oa = map(int, f[6:10])
    res_b, res_a = list(map(int, f[10:14])), list(map(int, f[14:18]))
    wall = t1 - t0
    x = parse(f"{work}/round{r}-{c}.txt")
    others = max(0.0, ((ma - mb) - (oa - ob)) / 100 / wall)
    x.update(round=r, contender=c, load_before=load_before, load_after=load_after, clean=others <= 0.25,
             ours=(oa - ob) / 100 / wall, others=others,
             cached=res_a[0] - res_b[0], resolved=res_a[1] - res_b[1], rejected=res_a[2] - res_b[2], failed=res_a[3] - res_b[3])
    runs.append(x)
res = {}
for c in contenders:
    mine = [x for x in runs if x['contender'] == c]
    clean = [x for x in mine if x['clean']]
    use = clean or mine
    res[c] = dict(rps=statistics.median(x['rps'] for x in use), p50=statistics.median(x['p50'] for x in use),
                  p99=statistics.median(x['p99'] for x in use), errors=sum(x['errors'] for x in mine),
                  clean=len(clean), n=len(mine), flagged=not clean,
                  error_share=sum(x['errors'] for x in mine) / max(1, sum(x['total'] for x in mine)))
b = res['as-sent']
sys.stdout = open(f"{work}/summary.md", "w")
print("| contender | 2xx req/s (median) | x as-sent | p50 ms | p99 ms | p50 / p99 added vs as-sent, ms | errors | clean rounds |")
print("|---|---:|---:|---:|---:|---:|---:|---|")
for c in contenders:
    x = res[c]
    flag = f"{x['clean']} of {x['n']}" + (" **BUSY: median of rounds in which other processes used over 0.25 cores**" if x['flagged'] else "")
    errors = f"{x['errors']}" + (f" **({100 * x['error_share']:.0f} %: the latencies include them)**" if x['error_share'] > 0.01 else "")
    print(f"| {c} | {x['rps']:.0f} | {x['rps'] / b['rps']:.2f} | {x['p50']:.2f} | {x['p99']:.2f} | "
          f"{x['p50'] - b['p50']:+.2f} / {x['p99'] - b['p99']:+.2f} | {errors} | {flag} |")
try:
    m = {x['statistic']: x['value'] for x in json.load(open(f"{work}/identity-exchanges.json"))['measurements']}
    print()
    print(f"The identity service's own timer `identity.token.exchanges{{result=issued}}` over the whole run (warm-up, "
          f"pre-fill and rounds): {m['COUNT']:.0f} exchanges, mean {1000 * m['TOTAL_TIME'] / m['COUNT']:.1f} ms, "
          f"max of the last minutes {1000 * m['MAX']:.0f} ms.")
except (KeyError, ValueError, ZeroDivisionError, OSError):
    print("\n(The identity service's exchange timer could not be read.)")
sys.stdout = open(f"{work}/rounds.md", "w")
print("Every round (load = 1-minute load average before / after; CPU in cores averaged over the round: ours = "
      "this run's processes, others = the rest of the machine; exchanges = the gateway's "
      "`strangler_identity_resolutions_total` during the round, resolved (exchanged at the identity service) / cached):")
print()
print("| round | contender | 2xx req/s | p50 ms | p99 ms | errors | load before / after | CPU ours / others | resolved / cached | clean |")
print("|---:|---|---:|---:|---:|---:|---|---|---|---|")
for x in runs:
    ex = f"{x['resolved']} / {x['cached']}" if x['contender'].startswith('jwt') else "-"
    if x['rejected'] or x['failed']:
        ex += f" (rejected {x['rejected']}, errors {x['failed']})"
    print(f"| {x['round']} | {x['contender']} | {x['rps']:.0f} | {x['p50']:.2f} | {x['p99']:.2f} | {x['errors']} | "
          f"{x['load_before']:.2f} / {x['load_after']:.2f} | {x['ours']:.2f} / {x['others']:.2f} | {ex} | "
          f"{'yes' if x['clean'] else '**no** (others > 0.25 cores)'} |")
sys.stdout = open(f"{work}/logout.md", "w")
logout = json.load(open(f"{work}/logout.json"))
print("| cache-ttl (the bound) | trials | logout to refused: min / median / max s | cache entry made to refused: min / median / max s | within the bound: no JWT for a request started later than cache-ttl after the logout | identity service refused at once | failed trials |")
print("|---|---:|---|---|---|---|---|")
for ttl, trials in logout.items():
    ok = [t for t in trials if 'error' not in t]
    bad = [t['error'] for t in trials if 'error' in t]
    if ok:
        a = [t['logout_to_refused_s'] for t in ok]; w = [t['cached_to_refused_s'] for t in ok]
        bound = ok[0]['ttl_s']
        within = sum(1 for t in ok if t['last_jwt_started_s'] <= bound)
        last = max(t['last_jwt_started_s'] for t in ok)
        print(f"| {ttl} | {len(trials)} | {min(a):.2f} / {statistics.median(a):.2f} / {max(a):.2f} | "
              f"{min(w):.2f} / {statistics.median(w):.2f} / {max(w):.2f} | {within} of {len(ok)} (latest JWT sent to a request started {last:.2f} s after the logout) | "
              f"{sum(1 for t in ok if t['identity_refused_at_once'])} of {len(ok)} | {len(bad)} {'; '.join(bad)} |")
    else:
        print(f"| {ttl} | {len(trials)} | - | - | - | - | {len(bad)} {'; '.join(bad)} |")
PY

{
  echo "# Identity propagation: added latency and throughput, logout to refusal"
  echo
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')  "
  echo "Command: \`$COMMAND\`  "
  echo "Load: wrk -t$THREADS -c$CONNECTIONS --latency, GET /<route>$REQ_PATH with \`Authorization: Bearer <session token>\` cycling through $SESSIONS live session tokens of the identity service; each contender warmed ${WARM_EACH}s, then $ROUNDS alternating round(s) of ${DURATION}s per contender; medians over the clean rounds (the rest of the machine used at most 0.25 cores during the round). Errors = non-2xx responses (a 503 is an exchange the identity service did not answer within the gateway's 2 s timeout) + socket errors, all rounds; req/s counts 2xx answers only, latencies all answers."
  echo
  echo "Machine:"
  machine_description
  echo "- 1-minute load average: $(head -1 "$WORK/rounds.txt" | awk '{print $3}') before the first round, $(tail -1 "$WORK/rounds.txt" | awk '{print $4}') after the last; ours alone (wrk, a gateway, nginx, and for the uncached contender the identity service and PostgreSQL) keep the load at about 2-3 on 2 cores, so a round right after another can read above $CORES with nothing else running: the \"others\" CPU column tells."
  echo
  echo "Contenders, one route file (\`services: plain {credential: as-sent}, secure {credential: jwt}\`, both the same nginx upstream answering an 80-byte JSON body; routes \`/plain/**\` and \`/jwt/**\` in service mode):"
  echo "**as-sent** = the \`/plain\` route of gateway 1 (the app's header goes on unchanged; the baseline); **jwt-cached** = the \`/jwt\` route of gateway 1 (default \`cache-ttl\` 60s: the JWT of each session token is exchanged once, then taken from the cache); **jwt-uncached** = the \`/jwt\` route of gateway 2 (\`--strangler.identity.cache-ttl=1ms\`: every request exchanges its session token at the identity service; the resolved / cached counts below show how many did); **as-sent-uncached-jvm** = the \`/plain\` route of gateway 2, to tell a difference between the two JVMs from the cost of exchanging. Identity service: \`identity-service\` jar on PostgreSQL 15 (the toolkit's launcher), RS256 JWTs of 5 minutes, \`passwords.pbkdf2-iterations=$PBKDF2_ITERATIONS\` (only logins hash; none are measured). All JVMs: \`$JAVA_HEAP\`."
  echo
  cat "$WORK/summary.md"
  echo
  cat "$WORK/rounds.md"
  echo
  echo "## Logout to refusal"
  echo
  echo "Each trial: log in, one request through the \`/jwt\` route (its JWT is now cached), \`POST /api/auth/logout\` at the identity service, then one request through the gateway every 100 ms until the service is sent \`Bearer refused-by-the-gateway\` instead of a JWT. The logout is made right after the cache entry, the worst case: the bound is \`cache-ttl\`. \"logout to refused\" runs to the end of the first refused poll, so it adds up to 100 ms and one request's time (long on a busy machine) to when the entry expired; the bound is checked on when the last request that still got a JWT started. \"identity service refused at once\": the token exchange asked directly right after the logout answered \`400 invalid_grant\`. The default-TTL trial ran on gateway 1 beside the short ones on gateway 3 (\`cache-ttl=$LOGOUT_TTL\`)."
  echo
  cat "$WORK/logout.md"
  echo
  echo "Raw trials: \`$(tr -d '\n ' <"$WORK/logout.json")\`"
} >"$RESULTS_DIR/identity.md"
cat "$RESULTS_DIR/identity.md"
log "wrote $RESULTS_DIR/identity.md (raw wrk output in $WORK)"
