#!/usr/bin/env bash
# What one Spring Boot start costs the machine, lever by lever: the gateway's jar started up to its refreshed
# context (-Dspring.context.exit=onRefresh: beans made, nothing served), in CPU seconds (user + sys: what two shared
# cores must give it, much less sensitive to the other load than the wall time) and wall seconds, variants
# alternated. Uses the gateway's class-data archive that `strangler sandbox up` made in migration-playbook/.class-data.
#
#   bench/class-data-cpu.sh [ROUNDS]      (default 5)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-5}"
jar="$root/strangler-gateway/target/strangler-gateway-0.1.0-SNAPSHOT.jar"
cds="$root/migration-playbook/.class-data/gateway"
[ -f "$cds/gateway.jsa" ] || { echo "no archive in $cds: run \`strangler sandbox up\` once" >&2; exit 1; }
work="$(mktemp -d /tmp/class-data-cpu.XXXXXX)"
args=(--strangler.monolith=http://127.0.0.1:9 --strangler.admin.token=bench-token-0123456789abcdef
  --strangler.state-dir="$work" --server.port=0 --strangler.admin.port=0 --management.server.port=0)
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

run() { # name, java arguments...
  local name="$1"
  shift
  /usr/bin/time -f "%U %S %e" -o "$work/time" java -Xmx384m -Dspring.context.exit=onRefresh "$@" "${args[@]}" \
    >"$work/$name.log" 2>&1 || true
  read -r user sys wall <"$work/time"
  printf '%s cpu=%.1f wall=%.1f load=%s\n' "$name" "$(echo "$user + $sys" | bc)" "$wall" "$(cut -d' ' -f1 /proc/loadavg)"
}

echo "$(nproc) cores, $(java -version 2>&1 | head -1); results in $work"
for i in $(seq 1 "$rounds"); do
  run fat-jar -jar "$jar"
  run fat-jar+flags "${flags[@]}" -jar "$jar"
  run extracted -jar "$cds/extracted/$(basename "$jar")"
  run archive -XX:SharedArchiveFile="$cds/gateway.jsa" -jar "$cds/extracted/$(basename "$jar")"
  run archive+serial-gc -XX:+UseSerialGC -XX:SharedArchiveFile="$cds/gateway.jsa" -jar "$cds/extracted/$(basename "$jar")"
  run archive+flags "${flags[@]}" -XX:SharedArchiveFile="$cds/gateway.jsa" -jar "$cds/extracted/$(basename "$jar")"
done
