# Shared by load.sh and flip.sh: tools, the gateway jar, processes started and stopped, machine facts.
# Sourced, not run. Every process started here is remembered by pid and stopped on exit.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE_DIR="$(dirname "$BENCH_DIR")"
ROOT_DIR="$(dirname "$MODULE_DIR")"
JAR="$MODULE_DIR/target/strangler-gateway-0.1.0-SNAPSHOT.jar"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results}"
JAVA_HEAP="${JAVA_HEAP:--Xms512m -Xmx512m}"
ADMIN_TOKEN="bench-admin-token-0123456789"
STARTED_PIDS=()

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Installs wrk and nginx from Debian packages when missing.
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
}

# Builds the gateway jar when it is missing (REBUILD=1 forces it).
ensure_jar() {
  if [ ! -f "$JAR" ] || [ "${REBUILD:-0}" = 1 ]; then
    log "building $JAR"
    (cd "$ROOT_DIR" && mvn -q ${MVN_OFFLINE--o} -pl strangler-gateway package -DskipTests)
  fi
}

# A private copy of the jar for this run: a build in the checkout may rewrite target/ meanwhile.
copy_jar() {
  cp "$JAR" "$1/strangler-gateway.jar"
  JAR="$1/strangler-gateway.jar"
}

# Runs a command in the background, output to a log file, and remembers its pid in STARTED_PIDS and
# LAST_PID. Not to be called in $(...): the pid would be remembered in a subshell only.
start_bg() {
  local logfile="$1"; shift
  "$@" >"$logfile" 2>&1 &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
}

stop_all() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}

# Waits (bounded) until URL answers 2xx.
wait_http() {
  local url="$1" seconds="${2:-120}" pid="${3:-}"
  local deadline=$((SECONDS + seconds))
  while [ $SECONDS -lt $deadline ]; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      log "process $pid died while waiting for $url"; return 1
    fi
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    sleep 0.3
  done
  log "timed out waiting for $url"; return 1
}

# An nginx on its own prefix directory; CONF is the http{} body.
start_nginx() {
  local dir="$1" conf="$2"
  mkdir -p "$dir/logs" "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
$( [ "$(id -u)" -eq 0 ] && echo "user root;" )
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
$conf
}
CONF
  start_bg "$dir/logs/stdout.log" $SERVER_PIN "$NGINX" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;'
}

# The 1-minute load average; on 2 cores anything above ~3 during a measurement means other work
# (builds, tests) shared the CPU with the contenders.
machine_load() {
  cut -d' ' -f1 /proc/loadavg
}

# java -jar of the strangler gateway. Args: name port admin-port mgmt-port route-file workdir [extra args]
start_strangler() {
  local name="$1" port="$2" admin="$3" mgmt="$4" routes="$5" work="$6"; shift 6
  # shellcheck disable=SC2086
  start_bg "$work/$name.log" $SERVER_PIN java $JAVA_HEAP -jar "$JAR" --server.port="$port" --strangler.routes="$routes" \
    --strangler.admin.token="$ADMIN_TOKEN" --strangler.admin.port="$admin" --management.server.port="$mgmt" \
    --management.endpoints.web.exposure.include=health,prometheus,gateway --management.endpoint.gateway.access=read-only \
    --strangler.state-dir="$work/state-$name" --logging.level.root=WARN "$@"
}

# A vanilla Spring Cloud Gateway (no strangler code) with one plain route to UPSTREAM.
# Args: port upstream workdir [name [extra Spring args]]: name (default vanilla-scg) names its log.
start_vanilla() {
  local port="$1" upstream="$2" work="$3" name="${4:-vanilla-scg}"; shift 3; [ $# -gt 0 ] && shift
  # spring.config.name keeps the strangler application.yml out: Spring defaults only.
  # shellcheck disable=SC2086
  start_bg "$work/$name.log" $SERVER_PIN java $JAVA_HEAP -cp "$JAR" \
    -Dloader.main=dev.strangler.benchsupport.VanillaGatewayApplication \
    org.springframework.boot.loader.launch.PropertiesLauncher \
    --spring.config.name=vanilla-gateway --server.port="$port" --logging.level.root=WARN \
    --management.endpoints.web.exposure.include=health,gateway --management.endpoint.gateway.access=read-only \
    --spring.cloud.gateway.server.webflux.routes[0].id=plain \
    --spring.cloud.gateway.server.webflux.routes[0].uri="$upstream" \
    --spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/** "$@"
}

# The same work as the strangler gateway does by default on every request, on the vanilla gateway: the
# gateway's own trusted proxies (so X-Forwarded-* and Forwarded are added for the upstream, and a trusted
# proxy's X-Forwarded-For is kept), and the client's Host preserved with Spring Cloud Gateway's own filter
# (the strangler gateway applies the same filter: strangler.preserve-host, on by default).
VANILLA_SAME_WORK=(
  "--spring.cloud.gateway.server.webflux.trusted-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1|::1"
  "--spring.cloud.gateway.server.webflux.default-filters[0]=PreserveHostHeader"
)

# Pinning (empty: none). LOADGEN_CPUS=1 SERVER_CPUS=0 gives the load generator a core of its own.
LOADGEN_PIN=""; [ -n "${LOADGEN_CPUS:-}" ] && LOADGEN_PIN="taskset -c $LOADGEN_CPUS"
SERVER_PIN=""; [ -n "${SERVER_CPUS:-}" ] && SERVER_PIN="taskset -c $SERVER_CPUS"

# CPU of this script's processes and of everything else since a snapshot (cpu_split.py): a round in which
# other work took more than BUSY_LIMIT cores is taken again, and not reported if it stays busy.
BUSY_LIMIT="${BUSY_LIMIT:-0.15}"
cpu_snapshot() { python3 "$BENCH_DIR/cpu_split.py" snapshot "$$"; }
cpu_between() { python3 "$BENCH_DIR/cpu_split.py" between "$1" "$2"; }

machine_description() {
  echo "- CPUs: $(nproc) ($(lscpu | sed -n 's/^Model name: *//p' | head -1))"
  echo "- Memory: $(free -g | awk '/^Mem:/{print $2}') GiB"
  echo "- Kernel: $(uname -sr)"
  echo "- Java: $(java -version 2>&1 | head -2 | tail -1)"
  if [ -n "${NGINX:-}" ]; then
    echo "- wrk: $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'); nginx: $("$NGINX" -v 2>&1 | sed 's/.*: //')"
    echo "- Everything (load generator, proxies, upstream) shares the same $(nproc) cores on loopback."
  fi
}
