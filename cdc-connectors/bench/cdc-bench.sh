#!/usr/bin/env bash
# CDC benchmark: raw logical decoding (the ceiling), the stock Debezium pipeline (PostgreSQL source +
# JDBC sink, upsert into a copy table) with its defaults and tuned as ours is wherever Debezium and Connect
# have the option, and ours (plan -> generated connectors, MapToTarget, ordered sink), side by side in one
# run on the same data, in ROUNDS rounds with the pipelines' order reversed every other round: throughput
# of inserts and updates at the target, lag at steady rates, initial snapshot. One PostgreSQL cluster, one Kafka broker, one Connect
# worker, all on free loopback ports; all stopped at the end, also on failure.
#
#   cdc-connectors/bench/cdc-bench.sh                      # full run, ~50 minutes
#   ROWS=20000 WARMUP_ROWS=5000 LAG_SECONDS=5 SNAPSHOT_ROWS=50000 ROUNDS=1 RESULT_NAME=smoke \
#     cdc-connectors/bench/cdc-bench.sh                    # smoke run, ~5 minutes
#
# Env (defaults): ROWS=200000 (inserted, then updated), TX_ROWS=1000 (rows per transaction),
# WARMUP_ROWS=50000 (per round; rounds until the JIT is quiet, WARMUP_MAX_ROUNDS=8), LAG_RATES=1000,5000 (rows/s, one lag measurement each), LAG_SECONDS=60, SNAPSHOT_ROWS=1000000,
# SNAPSHOT_LIMIT_MIN=6, SNAPSHOT_STOCK=1 (0: not the stock defaults' snapshot, the slow one), APPLY_LIMIT_S=300
# (per wait), ROUNDS=2,
# RESULT_NAME=cdc-bench (-> bench/results/$RESULT_NAME.md; RESULTS.md is rewritten too),
# BENCH_HEAP=-Xmx1g, KEEP_WORK=0 (1: keep the servers' data and logs), MVN_OFFLINE=-o (empty: online),
# SKIP_BUILD=0, PARTS=raw,stock,stock-tuned,ours,snapshot (a subset while tuning).
# Needs the PostgreSQL server binaries (initdb, pg_ctl) on PATH or under /usr/lib/postgresql/*/bin.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/../.." && pwd)"
MODULE="$ROOT_DIR/cdc-connectors/cdc-bench"
export RESULT_NAME="${RESULT_NAME:-cdc-bench}"
export RESULTS_DIR="$BENCH_DIR/results"
export STRANGLER_PLUGIN_DIR="$ROOT_DIR/cdc-connectors/connect-plugin/target/plugin"
export STRANGLER_KAFKA_RUNTIME="$ROOT_DIR/cdc-connectors/kafka-runtime/target"
export WORK_DIR="$(mktemp -d /tmp/strangler-cdc-bench.XXXXXX)"
export BENCH_COMMAND="cdc-connectors/bench/cdc-bench.sh ($(env | grep -E '^(ROWS|TX_ROWS|WARMUP_ROWS|WARMUP_MAX_ROUNDS|LAG_RATE|LAG_RATES|LAG_SECONDS|PARTS|ROUNDS|SNAPSHOT_ROWS|SNAPSHOT_LIMIT_MIN|SNAPSHOT_STOCK|APPLY_LIMIT_S)=' | sort | tr '\n' ' ')RESULT_NAME=$RESULT_NAME)"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

BENCH_PID=""
cleanup() {
  if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
    log "stopping the benchmark (pid $BENCH_PID); its shutdown hook stops the servers"
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$BENCH_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$BENCH_PID" 2>/dev/null || true
  fi
  if [ "${KEEP_WORK:-0}" != 1 ]; then rm -rf "$WORK_DIR"; else log "kept $WORK_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building kafka-runtime, connect-plugin, cdc-core, cdc-bench"
  (cd "$ROOT_DIR" && mvn ${MVN_OFFLINE--o} -q -pl cdc-connectors/kafka-runtime,cdc-connectors/cdc-bench -am install -DskipTests)
fi

cd "$ROOT_DIR"
log "running (progress below; results go to $RESULTS_DIR/$RESULT_NAME.md and $BENCH_DIR/RESULTS.md)"
# shellcheck disable=SC2086
java ${BENCH_HEAP:--Xmx1g} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$MODULE/target/cdc-bench-0.1.0-SNAPSHOT.jar:$MODULE/target/lib/*" dev.strangler.cdc.bench.CdcBenchmark &
BENCH_PID=$!
set +e
wait "$BENCH_PID"
STATUS=$?
set -e
BENCH_PID=""
exit "$STATUS"
