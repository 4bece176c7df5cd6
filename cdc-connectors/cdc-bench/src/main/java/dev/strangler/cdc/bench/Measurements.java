package dev.strangler.cdc.bench;

import dev.strangler.cdc.connect.ConnectorConfigs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one run measured, as the report reads it. */
final class Measurements {

    /**
     * A workload written as fast as possible and the time until all of it was applied, in round {@code round}
     * (from 1; raw decoding's is round 0: it is measured once, before the rounds).
     */
    record Throughput(
            String pipeline,
            String workload,
            int round,
            Applied applied,
            Instant firstCommit,
            Instant lastCommit,
            CpuMeter.Usage cpu) {
        /** Rows applied per second, from the first source commit to the last apply. */
        double rate() {
            return applied.rate(firstCommit);
        }

        /** How fast the source took the writes: rows per second from the first to the last commit. */
        double sourceRate() {
            double s = Duration.between(firstCommit, lastCommit).toNanos() / 1e9;
            return s <= 0 ? 0 : applied.expected() / s;
        }
    }

    /** The raw slot read after the workload had committed: decoding speed alone. */
    record Backlog(String workload, RawDecoding.Backlog read, CpuMeter.Usage cpu) {}

    /** Lag per row at a steady rate, in round {@code round}: target apply time minus source commit time. */
    record Lag(
            String pipeline,
            int round,
            int targetRate,
            double writtenRate,
            long inserts,
            long changes,
            long arrived,
            List<Long> lagMicros,
            int lateTicks,
            CpuMeter.Usage cpu) {
        double percentileMs(double p) {
            if (lagMicros.isEmpty()) {
                return Double.NaN;
            }
            List<Long> sorted = new ArrayList<>(lagMicros);
            sorted.sort(null);
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1000.0;
        }
    }

    /** An initial snapshot: from connector creation until every row is in the target. */
    record Snapshot(String pipeline, Applied applied, Instant created, Duration limit, CpuMeter.Usage cpu) {
        Duration took() {
            return applied.last() == null ? null : Duration.between(created, applied.last());
        }
    }

    /** The warm-up before a pipeline's measurements: rounds of inserts and updates, and the JIT share in the last one. */
    record Warmup(int rounds, int rowsPerRound, double lastRoundJitCores) {
        boolean quiet() {
            return lastRoundJitCores < CdcBenchmark.JIT_QUIET_CORES;
        }
    }

    final List<Throughput> throughput = new ArrayList<>();
    /** The warm-ups, by pipeline label and round ("ours, round 2"). */
    final Map<String, Warmup> warmups = new LinkedHashMap<>();
    /** The pipelines' order in each round (index 0: round 1). */
    final List<List<String>> orders = new ArrayList<>();

    final List<Backlog> backlog = new ArrayList<>();
    final List<Lag> lag = new ArrayList<>();
    final List<Snapshot> snapshots = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    /** The connectors each pipeline ran with, by pipeline label. */
    final Map<String, List<ConnectorConfigs.Connector>> settings = new LinkedHashMap<>();

    Throughput throughput(String pipeline, String workload, int round) {
        return throughput.stream()
                .filter(t -> t.pipeline().equals(pipeline) && t.workload().equals(workload) && t.round() == round)
                .findFirst()
                .orElse(null);
    }

    Lag lag(String pipeline, int rate, int round) {
        return lag.stream()
                .filter(l -> l.pipeline().equals(pipeline) && l.targetRate() == rate && l.round() == round)
                .findFirst()
                .orElse(null);
    }

    Snapshot snapshot(String pipeline) {
        return snapshots.stream()
                .filter(s -> s.pipeline().equals(pipeline))
                .findFirst()
                .orElse(null);
    }

    Backlog backlog(String workload) {
        return backlog.stream()
                .filter(b -> b.workload().equals(workload))
                .findFirst()
                .orElse(null);
    }
}
