package dev.strangler.cdc.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The sizes of one benchmark run, from environment variables so that a smoke run is one line:
 * {@code ROWS=20000 LAG_SECONDS=10 SNAPSHOT_ROWS=50000 cdc-bench.sh}.
 *
 * @param rows          rows inserted, then updated, per throughput measurement (ids 1..rows)
 * @param txRows        rows per source transaction in the throughput workload
 * @param warmupRows    rows inserted and updated per warm-up round through each pipeline before it is measured
 * @param warmupMaxRounds warm-up rounds at most (they stop once the broker's and worker's JIT compilers are quiet)
 * @param lagRate       rows per second the steady writer changes during the lag measurement
 * @param lagSeconds    how long the steady writer runs
 * @param snapshotRows  rows present in the source before the snapshot measurement's connectors start
 * @param snapshotLimit how long a snapshot may take before it is reported as not finished
 * @param snapshotStock whether the stock pipeline's snapshot is measured too (it is the slow one)
 * @param applyLimit    how long a throughput or lag measurement waits for the target at most
 * @param parts         what to measure, of raw, stock, ours, snapshot (all by default; fewer while tuning)
 */
record BenchOptions(
        int rows,
        int txRows,
        int warmupRows,
        int warmupMaxRounds,
        int lagRate,
        int lagSeconds,
        int snapshotRows,
        Duration snapshotLimit,
        boolean snapshotStock,
        Duration applyLimit,
        Set<String> parts,
        String name,
        Path resultsDir,
        Path workDir,
        String command) {

    static BenchOptions fromEnvironment(Map<String, String> env) {
        int rows = integer(env, "ROWS", 200_000);
        int txRows = integer(env, "TX_ROWS", 1_000);
        int lagRate = integer(env, "LAG_RATE", 1_000);
        if (lagRate % 100 != 0) {
            throw new IllegalArgumentException(
                    "LAG_RATE must be a multiple of 100 (the writer commits every 10 ms), got " + lagRate);
        }
        int lagSeconds = integer(env, "LAG_SECONDS", 60);
        if (lagRate * lagSeconds / 2 > rows) {
            throw new IllegalArgumentException(
                    "the lag writer updates LAG_RATE * LAG_SECONDS / 2 distinct existing rows: "
                            + "ROWS must be at least " + lagRate * lagSeconds / 2);
        }
        return new BenchOptions(
                rows,
                txRows,
                integer(env, "WARMUP_ROWS", 50_000),
                integer(env, "WARMUP_MAX_ROUNDS", 8),
                lagRate,
                lagSeconds,
                integer(env, "SNAPSHOT_ROWS", 1_000_000),
                Duration.ofMinutes(integer(env, "SNAPSHOT_LIMIT_MIN", 6)),
                !"0".equals(env.getOrDefault("SNAPSHOT_STOCK", "1")),
                Duration.ofSeconds(integer(env, "APPLY_LIMIT_S", 300)),
                Set.of(env.getOrDefault("PARTS", "raw,stock,ours,snapshot").split(",")),
                env.getOrDefault("RESULT_NAME", "cdc-bench"),
                Path.of(env.getOrDefault("RESULTS_DIR", "cdc-connectors/bench/results")),
                Path.of(env.getOrDefault("WORK_DIR", System.getProperty("java.io.tmpdir") + "/strangler-cdc-bench")),
                env.getOrDefault("BENCH_COMMAND", "cdc-connectors/bench/cdc-bench.sh"));
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }
}
