#!/usr/bin/env bash
# Nothing lost across write cutovers, checked the way Jepsen checks databases. Starts its own sandbox
# (own state dir, own ports) with REPLICAS gateway replicas on one shared state behind nginx (sticky by
# device), brings the
# catalog stream in sync, then runs `strangler bench cutover-check`: WRITERS callers change the prices
# of ROWS shared products through the load balancer with a value no other write sends (SLOW_SHARE of
# them held 1-2 s in flight by a row lock), read them back, while CYCLES write cutovers and rollbacks
# run as separate processes, with FAULTS (comma-separated: command, gateway, connect; one per cycle in
# turn, kill -9 at a random moment; FAULTS=1 is all three in turn). Every request goes into a history; at the end both databases are
# checked against it. Prints a table per cycle and, last:
#   cycles=N replicas=R writes=W acknowledged=A lost=L stale_reads=S parity=exact|DIFF hold_p50_ms=X hold_p99_ms=Y
#   holds=H clear_of_faults=C clear_hold_p50_ms=X2 clear_hold_p99_ms=Y2   (the same percentiles over the holds no fault struck)
# KEEP_STATE=1 keeps the state dir (logs, audit logs, databases) for a post-mortem.
# Results: bench/results/cutover-check-<date>.md. Exit code: the check's (0 only when nothing was lost,
# no read was stale, parity exact). READS=service|canary50|monolith: where the catalog reads are (default
# service, the runbook's order). Loopback only; bounded by CYCLES and MAX_DURATION.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
playbook="$(cd "$here/.." && pwd)"
root="$(cd "$playbook/.." && pwd)"
cycles="${CYCLES:-10}"; replicas="${REPLICAS:-1}"; faults="${FAULTS:-}"; writers="${WRITERS:-4}"; rows="${ROWS:-6}"
# FAULTS=1 (as the issue spells it): one fault a cycle, each kind in turn; FAULTS=0: none.
case "$faults" in 1) faults=command,gateway,connect ;; 0) faults= ;; esac
slow_share="${SLOW_SHARE:-0.1}"; seed="${SEED:-1}"; reads="${READS:-service}"; max_duration="${MAX_DURATION:-30m}"
# A fresh state dir per run (removed at the end), unless STATE_DIR names one.
state="${STATE_DIR:-$(mktemp -d /tmp/strangler-cutover-check.XXXXXX)}"
[ -n "${STATE_DIR:-}" ] || remove_state=yes
run_dir="${RUN_DIR:-/tmp/cutover-check-$(date -u +%Y%m%dT%H%M%S)}"   # history, commands' and faults' output; kept
history="$run_dir/history.jsonl"; mkdir -p "$run_dir"
p="${PORT_BASE:-30000}"
pg=$((p + 5432)); kafka=$((p + 9092)); connect=$((p + 8083)); gw=$((p + 8080)); gw_admin=$((p + 9081))
monolith=$((p + 9001)); catalog=$((p + 9002)); identity=$((p + 9003)); payment=$((p + 9101)); notification=$((p + 9102)); lb=$((p + 8090))
jar="$playbook/target/strangler.jar"
gateway_jar="$root/strangler-gateway/target/strangler-gateway-0.1.0-SNAPSHOT.jar"
stamp="$(date -u +%Y-%m-%d)"
out="$here/results/cutover-check-$stamp.md"
mkdir -p "$here/results" "$state"
strangler() { java -Dstrangler.home="$root" -jar "$jar" "$@"; }

# Build without installing (others share ~/.m2): package only, when a jar is missing.
if [ ! -f "$jar" ] || [ ! -f "$gateway_jar" ] || [ ! -f "$root/legacy-monolith/target/legacy-monolith-0.1.0-SNAPSHOT.jar" ]; then
  (cd "$root" && mvn -B -ntp -q package -DskipTests)
fi
command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }

pids="$state/started.pids"; : > "$pids"
cleanup() {
  set +e
  [ -f "$state/nginx.pid" ] && kill "$(cat "$state/nginx.pid")" 2>/dev/null
  while read -r pid; do kill -9 "$pid" 2>/dev/null; done < "$pids"
  if [ -n "${KEEP_STATE:-}" ]; then
    # For a post-mortem: the gateways' logs and audit logs, the databases (start it again with sandbox up).
    strangler sandbox down --state-dir "$state" >/dev/null 2>&1
    echo "state kept in $state (KEEP_STATE)" >&2
  else
    strangler sandbox down --state-dir "$state" --wipe >/dev/null 2>&1
    [ "${remove_state:-}" = yes ] && rm -rf "$state"
  fi
}
trap cleanup EXIT

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

up() {
  strangler sandbox up --state-dir "$state" --postgres-port "$pg" --kafka-port "$kafka" --connect-port "$connect" \
    --gateway-port "$gw" --gateway-admin-port "$gw_admin" --monolith-port "$monolith" --catalog-port "$catalog" --identity-port "$identity" \
    --payment-port "$payment" --notification-port "$notification"
}
# A busy machine can take the monolith past the sandbox's 90 s start limit: one more try (up stops what it started).
up || { echo "sandbox up failed; trying once more" >&2; up; }
plan="$state/catalog-plan.yaml"
sed "s/127.0.0.1:15432/127.0.0.1:$pg/g" "$playbook/plans/catalog.yaml" > "$plan"
strangler cdc apply --plan "$plan" --sandbox-dir "$state" --stream catalog --connect "http://127.0.0.1:$connect"
strangler cdc barrier --plan "$plan" --sandbox-dir "$state" --stream catalog --timeout 120s
# Where the catalog reads are while the writes move: the runbook moves them to the service first
# (READS=service); canary50 pins half of the callers by device; monolith is off the runbook's path.
case "$reads" in
  service) strangler route set catalog-read --mode service --reason "cutover-check" --gateway-admin "http://127.0.0.1:$gw_admin" --sandbox-dir "$state" ;;
  canary50) strangler route set catalog-read --mode canary --percent 50 --reason "cutover-check" --gateway-admin "http://127.0.0.1:$gw_admin" --sandbox-dir "$state" ;;
  monolith) ;;
  *) echo "READS must be service, canary50 or monolith" >&2; exit 2 ;;
esac

# Extra gateway replicas: the sandbox gateway's route file, admin token and identity client (the catalog
# service takes the identity service's JWTs), each its own state dir (audit log) and ports, all on the
# sandbox gateway's shared state (its 'gateway' database). Keep in step with PartCommands.gatewayReplica.
start_replica() {
  local i="$1" dir="$state/gateway-$1"
  mkdir -p "$dir"; cp "$state/gateway/admin.properties" "$dir/"
  java -Xmx384m -jar "$gateway_jar" --server.port=$((p + 8180 + i)) --server.address=127.0.0.1 --management.server.address=127.0.0.1 \
    --strangler.routes="$state/gateway/routes.yaml" \
    --strangler.state-dir="$dir" --strangler.admin.port=$((p + 8280 + 2 * i)) --management.server.port=$((p + 8281 + 2 * i)) \
    --strangler.shadow.max-concurrent=512 --strangler.shadow.max-body-bytes=65536 \
    --strangler.identity.token-uri="http://127.0.0.1:$identity/oauth2/token" --strangler.identity.timeout=5s \
    --spring.config.additional-location="file:$dir/admin.properties,file:$state/database.properties,file:$state/gateway/identity.properties" \
    --strangler.shared-state.url="jdbc:postgresql://127.0.0.1:$pg/gateway" \
    --strangler.shared-state.replica-id="replica-$i" >> "$dir/gateway.log" 2>&1 &
  echo $! > "$dir/pid"; echo $! >> "$pids"
}
wait_port() { for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.5; done; echo "port $1 not up" >&2; return 1; }
upstreams="    server 127.0.0.1:$gw;"; replica_admins=()
for i in $(seq 1 $((replicas - 1))); do
  start_replica "$i"; upstreams="$upstreams
    server 127.0.0.1:$((p + 8180 + i));"
  replica_admins+=(--replica-admin "http://127.0.0.1:$((p + 8280 + 2 * i))")
done
for i in $(seq 1 $((replicas - 1))); do wait_port $((p + 8180 + i)); done

# nginx in front, sticking a device to one replica (read-your-writes pins are shared, but most reads
# then find the pin in the replica that made it); it never passes a PATCH that reached a replica on to another one (non_idempotent is
# off), so a killed replica's writes are answered 502, not sent twice.
cat > "$state/nginx.conf" <<CONF
worker_processes 1;
pid $state/nginx.pid;
error_log $state/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  upstream gateways {
    hash \$http_x_device_id consistent;
$upstreams
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$lb;
    location / {
      proxy_pass http://gateways;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_read_timeout 60s;
    }
  }
}
CONF
nginx -e "$state/nginx-error.log" -c "$state/nginx.conf"
wait_port "$lb"

# The fault hook (kill -9, then the same process started again): bench/fault-hook.sh, told which ports.
if [ "$replicas" -gt 1 ]; then gateway_fault_port=$((p + 8181)); else gateway_fault_port=$gw; fi
fault_hook="$state/fault-hook"
printf '#!/usr/bin/env bash\nexec env HOOK_CONNECT_PORT=%s HOOK_GATEWAY_PORT=%s HOOK_PIDS=%s HOOK_LOG_DIR=%s bash %s "$@"\n' \
  "$connect" "$gateway_fault_port" "$pids" "$state" "$here/fault-hook.sh" > "$fault_hook"
chmod +x "$fault_hook"

log="$state/cutover-check.out"
set +e
strangler bench cutover-check --gateway "http://127.0.0.1:$lb" --gateway-admin "http://127.0.0.1:$gw_admin" "${replica_admins[@]}" \
  --connect "http://127.0.0.1:$connect" --plan "$plan" --sandbox-dir "$state" --replicas "$replicas" --writers "$writers" \
  --rows "$rows" --cycles "$cycles" --slow-share "$slow_share" --seed "$seed" --max-duration "$max_duration" \
  ${faults:+--faults "$faults" --fault-hook "$fault_hook"} --history "$history" | tee "$log"
status="${PIPESTATUS[0]}"
set -e
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
[ -f "$out" ] || { echo "# Cutover check: nothing lost across write cutovers"; echo; echo "Runs of \`bench/cutover-check.sh\` on $stamp, newest last."; } > "$out"
{
  echo
  echo "## $(date -u +%H:%MZ): CYCLES=$cycles REPLICAS=$replicas FAULTS=${faults:-none} READS=$reads"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $cpu, $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average before $load_before, after $load_after;"
  echo "the whole sandbox, nginx and the check on the same machine."
  echo
  echo "\`CYCLES=$cycles REPLICAS=$replicas FAULTS=$faults WRITERS=$writers ROWS=$rows SLOW_SHARE=$slow_share SEED=$seed READS=$reads migration-playbook/bench/cutover-check.sh\`"
  echo "(exit $status; history and the commands' output: $run_dir)"
  echo
  echo '```'
  grep -v '^|' "$log" | grep -vE '^(    |  )' | tail -15 | cut -c1-600 || true
  echo '```'
  echo
  grep '^|' "$log" || true
} >> "$out"
echo "results appended to $out"
exit "$status"
