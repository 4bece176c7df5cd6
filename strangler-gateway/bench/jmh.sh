#!/usr/bin/env bash
# Runs the JMH benchmark of the per-request route decision (10 to 10,000 routes, wide and deep tables) in bounded time
# and writes bench/results/jmh.json and bench/results/jmh.txt.
#
#   strangler-gateway/bench/jmh.sh                 # 2 forks x (3 warmup + 5 measurement) x 1 s, ~3 min
#   JMH_ARGS="-f 1 -wi 2 -i 3" strangler-gateway/bench/jmh.sh   # quicker
#
# Env: MVN_OFFLINE=-o (default; set it empty for a first run that must download JMH).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
OUT_DIR="${OUT_DIR:-$RESULTS_DIR}"
MVN_OFFLINE="${MVN_OFFLINE--o}"
JMH_ARGS="${JMH_ARGS:--f 2 -wi 3 -w 1s -i 5 -r 1s}"
mkdir -p "$OUT_DIR"

cd "$ROOT_DIR"
# Compiles main, test and src/jmh/java (profile bench only) and writes the test classpath.
mvn -q $MVN_OFFLINE -Pbench -pl strangler-gateway test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
# Run from a private copy of the classes: another build in this checkout may rewrite target/ meanwhile.
COPY="$(mktemp -d /tmp/strangler-jmh.XXXXXX)"
trap 'rm -rf "$COPY"' EXIT
cp -r "$MODULE_DIR/target/test-classes" "$COPY/test-classes"
cp -r "$MODULE_DIR/target/classes" "$COPY/classes"
# Leave no benchmark classes in target/test-classes, where a normal test run would find them.
rm -rf "$MODULE_DIR/target/test-classes/dev/strangler/gateway/routing/jmh_generated" \
  "$MODULE_DIR"/target/test-classes/dev/strangler/gateway/routing/RouteDecisionBenchmark*.class \
  "$MODULE_DIR/target/test-classes/META-INF/BenchmarkList" "$MODULE_DIR/target/test-classes/META-INF/CompilerHints"
CP="$COPY/test-classes:$COPY/classes:$(cat "$MODULE_DIR/target/bench-classpath.txt")"

# shellcheck disable=SC2086
timeout 900 java -Xmx512m -cp "$CP" org.openjdk.jmh.Main RouteDecisionBenchmark \
    -bm sample -tu ns $JMH_ARGS \
    -rf json -rff "$OUT_DIR/jmh.json" | tee "$OUT_DIR/jmh.txt"
{
  echo "# Route decision (JMH, sample mode)"
  echo
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')  "
  echo "Command: \`strangler-gateway/bench/jmh.sh\` (JMH 1.37: $JMH_ARGS, -bm sample -tu ns, -Xmx512m); load average at the end: $(machine_load)"
  echo
  echo "Machine:"
  machine_description
  echo
  python3 "$BENCH_DIR/jmh_table.py" "$OUT_DIR/jmh.json"
} >"$OUT_DIR/jmh.md"
# The raw sample histograms make the JSON megabytes; the percentiles stay.
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); [r["primaryMetric"].pop("rawDataHistogram", None) for r in d]; json.dump(d, open(sys.argv[1], "w"), indent=1)' "$OUT_DIR/jmh.json"
cat "$OUT_DIR/jmh.md"
echo "results: $OUT_DIR/jmh.json, $OUT_DIR/jmh.txt, $OUT_DIR/jmh.md"
