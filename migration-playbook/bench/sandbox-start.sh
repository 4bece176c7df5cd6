#!/usr/bin/env bash
# How long `strangler sandbox up` takes until each part is healthy, with and without the class-data archives,
# runs alternated so that both see the same load of a shared machine. Every run starts on a fresh state directory
# (initdb, Kafka format, Flyway, seeding: what a first `up` and CI's SandboxIT do) and is wiped after.
#
#   bench/sandbox-start.sh [RUNS_PER_VARIANT] [VARIANT...]     variants: cds (default), nocds; default: 3 cds nocds
#
# A variant may name another build of the command line to compare, e.g. `flags@/tmp/strangler-flags.jar`, or both,
# `nocds-flags@/tmp/strangler-flags.jar` (nocds in the name: without the archives).
#
# Needs the jars built (`strangler` builds them on first use). The archives are made by the first `up` that has
# none (an unmeasured warm-up run does that); the timings are the sandbox's own progress lines ("... ready after").
# Ports start at STRANGLER_BENCH_PORT_BASE (default 25000), away from a sandbox on the default ports.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/migration-playbook/target/strangler.jar"
runs="${1:-3}"
shift || true
variants=("${@:-cds nocds}")
# shellcheck disable=SC2206
variants=(${variants[*]})
base="${STRANGLER_BENCH_PORT_BASE:-25000}"
out="${STRANGLER_BENCH_OUT:-$(mktemp -d /tmp/sandbox-start.XXXXXX)}"
state="$out/state"

# Options, not the STRANGLER_*_PORT variables: the parts inherit the environment, and Spring would bind
# STRANGLER_MONOLITH_PORT to the gateway's strangler.monolith.
ports=(--postgres-port $((base + 1)) --monolith-port $((base + 2)) --payment-port $((base + 3))
  --notification-port $((base + 4)) --gateway-port $((base + 5)) --kafka-port $((base + 6))
  --connect-port $((base + 8)) --catalog-port $((base + 9)) --identity-port $((base + 10))
  --gateway-admin-port $((base + 11)))

strangler() { java -Dstrangler.home="$root" -jar "$jar" "$@"; }

up() { # variant[@jar], label
  local variant="${1%%@*}" use="$jar"
  [[ "$1" == *@* ]] && use="${1#*@}"
  local args=(sandbox up --state-dir "$state" "${ports[@]}")
  [[ "$variant" == nocds* ]] && args+=(--no-class-data)
  local load_before
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  java -Dstrangler.home="$root" -jar "$use" "${args[@]}" >"$out/$2.log" 2>&1 || { echo "up failed, see $out/$2.log" >&2; cat "$out/$2.log" >&2; }
  # CPU seconds each part's process used until then (what two cores had to give the start).
  local cpu
  cpu="$(strangler sandbox status --json --state-dir "$state" 2>/dev/null | python3 -c '
import json, os, sys
tick = os.sysconf("SC_CLK_TCK")
def parts(node):
    if isinstance(node, dict):
        if "pid" in node and ("part" in node or "label" in node):
            yield str(node.get("part") or node.get("label")), node["pid"]
        for v in node.values():
            yield from parts(v)
    elif isinstance(node, list):
        for v in node:
            yield from parts(v)
out = []
for name, pid in parts(json.load(sys.stdin)):
    try:
        stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        out.append(f"cpu_{name}={(int(stat[11]) + int(stat[12])) / tick:.1f}")
    except (OSError, ValueError, IndexError):
        pass
print(" ".join(out))' 2>/dev/null || true)"
  strangler sandbox down --wipe --state-dir "$state" >/dev/null 2>&1 || true
  rm -rf "$state"
  local parts
  parts="$(grep -oE '(postgres|kafka|monolith|catalog service|identity service|gateway|kafka connect|every part healthy) (ready )?after [0-9.]+ s' "$out/$2.log" \
    | sed -E 's/ (ready )?after / /; s/ s$//; s/ /_/g; s/_([0-9.]+)$/=\1/' | tr '\n' ' ')"
  echo "$2 load_before=[$load_before] load_after=[$(cut -d' ' -f1-3 /proc/loadavg)] $parts $cpu" | tee -a "$out/summary.txt"
}

echo "results in $out (machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GB, $(java -version 2>&1 | head -1))"
for v in "${variants[@]}"; do
  if [[ "${v%%@*}" != nocds* ]]; then
    up "$v" warmup-making-archives # makes the archives (or finds them fresh): not measured
    break
  fi
done
for i in $(seq 1 "$runs"); do
  for v in "${variants[@]}"; do
    up "$v" "${v%%@*}-$i"
  done
done
