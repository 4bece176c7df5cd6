package dev.strangler.cdc.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * @param lagRates      rows per second the steady writer changes, one lag measurement per rate, in this order
 * @param lagSeconds    how long the steady writer runs at each rate
 * @param snapshotRows  rows present in the source before the snapshot measurement's connectors start
 * @param snapshotLimit how long a snapshot may take before it is reported as not finished
 * @param snapshotStock whether the stock pipeline's snapshot with Debezium's defaults is measured too (it is the
 *                      slow one; the tuned stock pipeline's is measured whenever that pipeline is)
 * @param applyLimit    how long a throughput or lag measurement waits for the target at most
 * @param parts         what to measure, of raw, stock, stock-tuned, ours, snapshot (all by default; fewer while
 *                      tuning)
 * @param rounds        how many times each pipeline's throughput and lag are measured, the pipelines' order
 *                      reversed every other round (so that none is always first on a cold worker or last on a
 *                      warm one)
 */
record BenchOptions(
        int rows,
        int txRows,
        int warmupRows,
        int warmupMaxRounds,
        List<Integer> lagRates,
        int lagSeconds,
        int snapshotRows,
        Duration snapshotLimit,
        boolean snapshotStock,
        Duration applyLimit,
        Set<String> parts,
        int rounds,
        String name,
        Path resultsDir,
        Path workDir,
        String command) {

    static BenchOptions fromEnvironment(Map<String, String> env) {
        int rows = integer(env, "ROWS", 200_000);
        int txRows = integer(env, "TX_ROWS", 1_000);
        List<Integer> lagRates = new ArrayList<>();
        for (String rate : env.getOrDefault("LAG_RATES", env.getOrDefault("LAG_RATE", "1000,5000"))
                .split(",")) {
            int r = integer(Map.of("LAG_RATES", rate.trim()), "LAG_RATES", 0);
            if (r <= 0 || r % 100 != 0) {
                throw new IllegalArgumentException(
                        "each of LAG_RATES must be a positive multiple of 100 (the writer commits every 10 ms), got "
                                + rate);
            }
            lagRates.add(r);
        }
        int lagSeconds = integer(env, "LAG_SECONDS", 60);
        int fastest = lagRates.stream().max(Integer::compare).orElseThrow();
        if ((long) fastest * lagSeconds / 2 > rows) {
            throw new IllegalArgumentException("the lag writer updates rate * LAG_SECONDS / 2 distinct existing rows: "
                    + "ROWS must be at least " + (long) fastest * lagSeconds / 2);
        }
        int rounds = integer(env, "ROUNDS", 2);
        if (rounds < 1) {
            throw new IllegalArgumentException("ROUNDS must be at least 1, got " + rounds);
        }
        return new BenchOptions(
                rows,
                txRows,
                integer(env, "WARMUP_ROWS", 50_000),
                integer(env, "WARMUP_MAX_ROUNDS", 8),
                List.copyOf(lagRates),
                lagSeconds,
                integer(env, "SNAPSHOT_ROWS", 1_000_000),
                Duration.ofMinutes(integer(env, "SNAPSHOT_LIMIT_MIN", 6)),
                !"0".equals(env.getOrDefault("SNAPSHOT_STOCK", "1")),
                Duration.ofSeconds(integer(env, "APPLY_LIMIT_S", 300)),
                Set.of(env.getOrDefault("PARTS", "raw,stock,stock-tuned,ours,snapshot")
                        .split(",")),
                rounds,
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
