#!/usr/bin/env bash
# How long a write cutover holds writes: CYCLES write cutovers and rollbacks of the sandbox's catalog
# writes while an admin client keeps changing prices through the gateway. Prints each hold as the
# gateway measured it (hold start to release), p50/p99/max, the requests that waited, and every write
# that failed; writes the results to bench/results/cutover-hold.md. Needs the sandbox (it starts it).
# Loopback only; bounded: CYCLES cycles, the writer stops with them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
playbook="$(cd "$here/.." && pwd)"
root="$(cd "$playbook/.." && pwd)"
cycles="${CYCLES:-20}"
strangler="$playbook/strangler"
plan="$playbook/plans/catalog.yaml"
gateway="http://127.0.0.1:${STRANGLER_GATEWAY_PORT:-8080}"
out="$here/results/cutover-hold.md"
mkdir -p "$here/results"
command -v curl >/dev/null || { apt-get install -y -q curl >/dev/null; }

"$strangler" sandbox up
"$strangler" cdc apply --plan "$plan" --stream catalog
"$strangler" cdc barrier --plan "$plan" --stream catalog --timeout 120s
"$strangler" route set catalog-read --mode service --reason "cutover-hold benchmark"

token="$(curl -sf -H 'Content-Type: application/json' -d '{"email":"admin@example.com","password":"admin-password"}' \
  "$gateway/api/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/')"
stop="$(mktemp)"; rm -f "$stop"
writes="$(mktemp)"
writer() {
  local i=0
  while [ ! -e "$stop" ] && [ "$i" -lt 100000 ]; do
    i=$((i + 1))
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X PATCH -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -H 'X-Device-Id: cutover-bench' \
      -d "{\"price\": $((100 + i % 900)).$((i % 90 + 10))}" "$gateway/api/admin/products/$((150 + i % 40))" >> "$writes" || echo "000 0" >> "$writes"
    sleep 0.02
  done
}
writer & writer_pid=$!
trap 'touch "$stop"; wait "$writer_pid" 2>/dev/null || true' EXIT

holds=(); rollbacks=(); waited=0
for c in $(seq 1 "$cycles"); do
  o="$("$strangler" writes cutover --plan "$plan" --stream catalog --route catalog-write)"
  h="$(echo "$o" | sed -nE 's/.*cut over to the service: held ([0-9]+) ms.*/\1/p')"
  w="$(echo "$o" | sed -nE 's/.*, ([0-9]+) request\(s\) waited;.*/\1/p')"
  holds+=("$h"); waited=$((waited + ${w:-0}))
  sleep 1
  o="$("$strangler" writes rollback --plan "$plan" --stream catalog --route catalog-write)"
  r="$(echo "$o" | sed -nE 's/.*back with the monolith: held ([0-9]+) ms.*/\1/p')"
  w="$(echo "$o" | sed -nE 's/.*back with the monolith: held [0-9]+ ms, ([0-9]+) request\(s\) waited.*/\1/p')"
  rollbacks+=("$r"); waited=$((waited + ${w:-0}))
  echo "cycle $c: cutover held ${h} ms, rollback held ${r} ms"
  sleep 1
done
touch "$stop"; wait "$writer_pid" || true
"$strangler" route set catalog-read --mode monolith --reason "cutover-hold benchmark done"

pct() { printf '%s\n' "$@" | sort -n | awk -v p="$P" '{a[NR]=$1} END {i=int((NR*p+99)/100); if (i<1) i=1; print a[i]}'; }
P=50 ; c50="$(pct "${holds[@]}")";     P=99 ; c99="$(pct "${holds[@]}")";     P=100; cmax="$(pct "${holds[@]}")"
P=50 ; r50="$(pct "${rollbacks[@]}")"; P=99 ; r99="$(pct "${rollbacks[@]}")"; P=100; rmax="$(pct "${rollbacks[@]}")"
total="$(wc -l < "$writes")"; failed="$(grep -cv '^2' "$writes" || true)"
slowest="$(sort -k2 -n "$writes" | tail -1 | awk '{print $2}')"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
{
  echo "# Write cutover: how long writes are held"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $cpu, $(nproc) vCPU, $(free -g | awk '/Mem:/ {print $2}') GiB; the whole sandbox on the same machine."
  echo "\`CYCLES=$cycles migration-playbook/bench/cutover-hold.sh\`: $cycles write cutovers of route catalog-write and their"
  echo "rollbacks while an admin client changed prices through the gateway every ~20 ms (plus curl's own time)."
  echo
  echo "| | p50 | p99 | max |"
  echo "|---|---:|---:|---:|"
  echo "| cutover: writes held (ms) | $c50 | $c99 | $cmax |"
  echo "| rollback: writes held (ms) | $r50 | $r99 | $rmax |"
  echo
  echo "Writes sent: $total; not 2xx: $failed; requests that waited in a hold: $waited; slowest write: ${slowest} s."
  echo "Holds are the gateway's (hold start to release). With $cycles cycles the p99 is the largest one."
} > "$out"
cat "$out"
