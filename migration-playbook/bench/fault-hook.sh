#!/usr/bin/env bash
# The cutover check's fault hook: kill -9 of a running part, then the same process started again from
# its own command line, environment and directory a moment later (as a supervisor would restart it).
#   fault-hook.sh connect|gateway
# Environment: HOOK_CONNECT_PORT and HOOK_GATEWAY_PORT (whose listener to kill), HOOK_PIDS (a file the
# restarted process's pid is appended to, so whoever started the run can end it), HOOK_LOG_DIR.
set -u
pid_on() { ss -Hltnp "sport = :$1" | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -1; }
restart_killed() {
  local pid="$1" log="$2" cwd
  [ -n "$pid" ] || { echo "nothing listens there" >&2; exit 1; }
  cwd="$(readlink "/proc/$pid/cwd")"
  mapfile -d '' cmd < "/proc/$pid/cmdline"; mapfile -d '' envs < "/proc/$pid/environ"
  kill -9 "$pid"; echo "$(date +%T.%N) kill -9 $pid (${cmd[*]:0:3} ...)"
  sleep 2
  cd "$cwd"   # no subshell: $! must be the restarted process itself (env execs it), so its pid can be ended later
  env -i "${envs[@]}" "${cmd[@]}" >> "$log" 2>&1 &
  echo $! >> "$HOOK_PIDS"; echo "restarted as $!"
}
case "${1:-}" in
  connect) port="$HOOK_CONNECT_PORT" ;;
  gateway) port="$HOOK_GATEWAY_PORT" ;;
  *) echo "usage: fault-hook.sh connect|gateway" >&2; exit 2 ;;
esac
restart_killed "$(pid_on "$port")" "$HOOK_LOG_DIR/$1-restarted.log"
for _ in $(seq 1 240); do curl -s -o /dev/null "http://127.0.0.1:$port/" && exit 0; sleep 0.5; done
echo "not back on $port" >&2; exit 1
