#!/usr/bin/env bash
# Parity benchmark: `strangler verify parity`'s comparison on generated tables in two databases of a
# private PostgreSQL cluster this script starts (and stops, also on failure): a bigint-keyed table
# with a conversion (cents to a decimal), text, timestamps and NULLs, and a uuid-keyed table; each
# compared equal, then with planted differences (a third updates of one column, a third rows missing
# in the target, a third rows only the target has), by bisect (the default) and by the row-by-row
# merge parity used before, side by side in the same run. Reports time, rows/s, the CPU PostgreSQL,
# the benchmark and other processes used, the load average, and differences found against planted.
#
#   cdc-connectors/bench/parity-bench.sh                          # 1M and 10M rows, ~15-30 minutes here
#   ROWS=1000000 cdc-connectors/bench/parity-bench.sh             # 1M only, a few minutes
#
# Env (defaults): ROWS=1000000,10000000 (orders per size), UUID_ROWS=1000000 (events, at most ROWS),
# DIFFS=100 (planted per table), CHUNK=10000, PARALLEL=4 (bisect's pairs of connections), OLD=1 (0: bisect
# only), RESULT_NAME=parity-bench (-> bench/results/$RESULT_NAME.md), BENCH_HEAP=-Xmx1g, KEEP_WORK=0,
# MVN_OFFLINE=-o (empty: online), SKIP_BUILD=0.
# Benchmark only: never part of the test suite. Needs the PostgreSQL server binaries (initdb, pg_ctl)
# on PATH or under /usr/lib/postgresql/*/bin; the 10M size needs about 6 GB of disk.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/../.." && pwd)"
MODULE="$ROOT_DIR/cdc-connectors/cdc-bench"
export RESULT_NAME="${RESULT_NAME:-parity-bench}"
export RESULTS_DIR="$BENCH_DIR/results"
export WORK_DIR="$(mktemp -d /tmp/strangler-parity-bench.XXXXXX)"
export BENCH_COMMAND="cdc-connectors/bench/parity-bench.sh ($(env | grep -E '^(ROWS|UUID_ROWS|DIFFS|CHUNK|PARALLEL|OLD)=' | sort | tr '\n' ' ')RESULT_NAME=$RESULT_NAME)"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

BENCH_PID=""
cleanup() {
  if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
    log "stopping the benchmark (pid $BENCH_PID); its shutdown hook stops PostgreSQL"
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$BENCH_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$BENCH_PID" 2>/dev/null || true
  fi
  if [ "${KEEP_WORK:-0}" != 1 ]; then rm -rf "$WORK_DIR"; else log "kept $WORK_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building cdc-bench and what it uses (package only, nothing installed)"
  (cd "$ROOT_DIR" && mvn ${MVN_OFFLINE--o} -q -pl cdc-connectors/cdc-bench -am package -DskipTests -Dspotless.check.skip=true)
fi

cd "$ROOT_DIR"
log "running (progress below; results go to $RESULTS_DIR/$RESULT_NAME.md)"
# shellcheck disable=SC2086
java ${BENCH_HEAP:--Xmx1g} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$MODULE/target/cdc-bench-0.1.0-SNAPSHOT.jar:$MODULE/target/lib/*" dev.strangler.cdc.bench.ParityBenchmark &
BENCH_PID=$!
set +e
wait "$BENCH_PID"
STATUS=$?
set -e
BENCH_PID=""
exit "$STATUS"
