#!/usr/bin/env bash
# How long a recording of COUNT requests (default 10,000) takes to replay. Starts the sandbox, records
# COUNT exchanges through the gateway while wrk reads the catalog (pages, products, searches, categories:
# a mix of templates) and the contract suite runs as the app would (logins, carts, orders), then replays
# the recording against the gateway: reads only, then again with --writes --invent-secrets (the sandbox
# is disposable; the users the contract suite registered are registered anew with invented secrets).
# Prints and appends to bench/results/replay-<date>.md: the wall time of each replay, requests per
# second, and the outcome counts. Loopback only; bounded by COUNT and by MAX_SECONDS of traffic.
# MAX_BODY_BYTES (default 4000): a recording of 10,000 exchanges may take at most a fifth of the
# gateway's heap, which the gateway checks against exchanges x 2 x this bound before it starts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
playbook="$(cd "$here/.." && pwd)"
strangler="$playbook/strangler"
count="${COUNT:-10000}"
max_seconds="${MAX_SECONDS:-600}"
run="${RUN_DIR:-$(mktemp -d)}"
gateway="http://127.0.0.1:${STRANGLER_GATEWAY_PORT:-8080}"
out="$here/results/replay-$(date -u +%F).md"
mkdir -p "$here/results" "$run"
command -v wrk >/dev/null || { echo "wrk is needed (Debian package wrk)" >&2; exit 2; }
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

"$strangler" sandbox up
rm -rf "$run/rec"
"$strangler" record --out "$run/rec" --count "$count" --max-exchanges "$count" --max-per-template "$count" --max-body-bytes "${MAX_BODY_BYTES:-4000}" \
  --duration "${max_seconds}s" > "$run/record.log" 2>&1 &
recorder=$!
sleep 3
cat > "$run/reads.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  local k = n % 10
  if k < 4 then return wrk.format("GET", "/api/products?page=" .. (n % 15) .. "&size=5") end
  if k < 8 then return wrk.format("GET", "/api/products/" .. (1 + n % 300)) end
  if k < 9 then return wrk.format("GET", "/api/products?q=" .. ({"lamp", "desk", "cable", "mug"})[1 + n % 4]) end
  return wrk.format("GET", "/api/categories")
end
LUA
deadline=$((SECONDS + max_seconds))
rounds=0
while kill -0 "$recorder" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
  rounds=$((rounds + 1))
  "$strangler" contract --base-url "$gateway" > "$run/contract-$rounds.log" 2>&1 || true
  wrk -t1 -c4 -d"${WRK_SECONDS:-10}s" -H 'X-Device-Id: replay-bench-reader' -s "$run/reads.lua" "$gateway" \
    > /dev/null 2>&1 || true
done
wait "$recorder"
recorded="$(ls "$run/rec/mappings" | wc -l)"

replay() { # $1: label; the rest: more options
  local label="$1"; shift
  local start end
  start="$(date +%s.%N)"
  "$strangler" replay --recording "$run/rec" --base-url "$gateway" --json "$@" > "$run/replay-$label.json" || true
  end="$(date +%s.%N)"
  python3 - "$run/replay-$label.json" "$start" "$end" "$label" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
secs = float(sys.argv[3]) - float(sys.argv[2])
print(f"| {sys.argv[4]} | {len(r['requests'])} | {r['replayed']} | {secs:.1f} | {r['replayed'] / secs:.0f} | "
      f"{r['matched']} | {r['differed']} | {r['failed']} | {r['skippedWrites']} | {r['skippedDependencies']} | "
      f"{r['neededSecrets']} |")
PY
}
reads_row="$(replay reads)"
writes_row="$(replay writes --writes --invent-secrets)"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo
  echo "## $(date -u +%H:%MZ): COUNT=$count"
  echo
  echo "$(date -u +%FT%H:%MZ), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores;" \
       "load average before $load_before, after $load_after; the whole sandbox on the same machine."
  echo "\`COUNT=$count migration-playbook/bench/replay-bench.sh\`: recorded $recorded exchanges in $rounds rounds of" \
       "the contract suite and ${WRK_SECONDS:-10} s of wrk reads each; replayed against the gateway ($run)."
  echo
  echo "| replay | requests | replayed | seconds | replayed/s | matched | differed | failed | writes skipped | skipped as dependent | needs a secret |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  echo "$reads_row"
  echo "$writes_row"
  echo
  echo "Reads only: writes are skipped, and what needs their answers too. With writes: secrets the recording does not"
  echo "keep are invented (--invent-secrets); a real account's password is not, so its logins still differ."
} | tee -a "$out"
