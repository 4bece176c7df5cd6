package dev.strangler.cdc.bench;

import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.infra.kafka.KafkaRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.postgresql.util.DriverInfo;

/**
 * Writes a run's results: {@code results/<name>.md} with everything (settings, every measurement, where
 * the CPU went) and the summary {@code RESULTS.md} beside the results directory. A hand-written
 * analysis at the end of RESULTS.md (after {@value #ANALYSIS_MARKER}) is kept when the summary is
 * rewritten.
 */
final class Report {

    static final String ANALYSIS_MARKER = "<!-- analysis: written by hand, kept when the script rewrites this file -->";

    record Context(BenchOptions options, String postgresVersion, KafkaRuntime runtime, Instant started) {}

    private Report() {}

    static void write(Context ctx, Measurements m, Path work) throws IOException {
        Path results = ctx.options().resultsDir();
        Files.createDirectories(results);
        Path full = results.resolve(ctx.options().name() + ".md");
        String header = header(ctx);
        String numbers = numbers(ctx.options(), m);
        Files.writeString(
                full,
                "# CDC benchmark: raw decoding, stock Debezium, ours\n\n" + header + numbers + cpu(m) + settings(m)
                        + method(ctx.options()) + "Servers' logs and data of this run: `" + work
                        + "` (removed by the script unless KEEP_WORK=1).\n");
        Path summary = results.getParent().resolve("RESULTS.md");
        String kept = "";
        if (Files.exists(summary)) {
            String old = Files.readString(summary);
            int i = old.indexOf(ANALYSIS_MARKER);
            kept = i < 0 ? "" : old.substring(i + ANALYSIS_MARKER.length());
        }
        Files.writeString(
                summary,
                "# CDC benchmark results\n\nThe latest run of `cdc-connectors/bench/cdc-bench.sh`; every number, the "
                        + "connector settings and the CPU breakdown per measurement are in [results/"
                        + full.getFileName() + "](results/"
                        + full.getFileName() + ").\n\n" + header + numbers + cpuSummary(m) + ANALYSIS_MARKER
                        + (kept.isEmpty() ? "\n" : kept));
        CdcBenchmark.progress("wrote " + full + " and " + summary);
    }

    private static String header(Context ctx) {
        BenchOptions o = ctx.options();
        return "Date: "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .format(ctx.started().atOffset(ZoneOffset.UTC)) + "  \n"
                + "Command: `" + o.command() + "`  \n"
                + String.format(
                        Locale.ROOT,
                        "Sizes: %,d rows inserted then updated in transactions of %,d; warm-up in rounds of %,d rows "
                                + "inserted and updated, until the broker's and worker's JIT compilers use less than %.2f cores (at most %d rounds); "
                                + "lag at %,d rows/s for %d s; snapshot of %,d rows (limit %d min)%n%n",
                        o.rows(),
                        o.txRows(),
                        o.warmupRows(),
                        CdcBenchmark.JIT_QUIET_CORES,
                        o.warmupMaxRounds(),
                        o.lagRate(),
                        o.lagSeconds(),
                        o.snapshotRows(),
                        o.snapshotLimit().toMinutes())
                + "Machine: " + machine() + "  \n"
                + "Versions: " + ctx.postgresVersion().replaceAll(" on .*", "") + "; Kafka "
                + version(ctx.runtime().libDir(), "kafka-clients-")
                + " (KRaft, one broker); Debezium "
                + version(
                        ctx.runtime().pluginDir().resolve("debezium-connector-postgres"),
                        "debezium-connector-postgres-")
                + " (PostgreSQL source, JDBC sink); Java " + System.getProperty("java.version") + "  \n"
                + "Servers: one PostgreSQL cluster (fsync on, `track_commit_timestamp=on`), one Kafka broker, one Connect worker "
                + "(1 GiB heap; worker converters JSON with schemas), all on 127.0.0.1 of this machine, shared with the benchmark's writer.\n\n";
    }

    private static String numbers(BenchOptions o, Measurements m) {
        StringBuilder s = new StringBuilder(
                "## Results\n\n| measure | raw decoding | stock pipeline | ours | ours / stock | target |\n|---|---|---|---|---|---|\n");
        for (String w : List.of("inserts", "updates")) {
            Measurements.Throughput raw = m.throughput("raw", w);
            Measurements.Throughput stock = m.throughput("stock", w);
            Measurements.Throughput ours = m.throughput("ours", w);
            Measurements.Backlog backlog = m.backlog(w);
            String rawCell = (raw == null ? "-" : rate(raw) + " live (source wrote " + fmt(raw.sourceRate()) + "/s)")
                    + (backlog == null ? "" : "; " + fmt(backlog.read().rate()) + " from the backlog");
            s.append("| ")
                    .append(w)
                    .append(": rows/s applied at the target | ")
                    .append(rawCell)
                    .append(" | ")
                    .append(rate(stock))
                    .append(" | ")
                    .append(rate(ours))
                    .append(" | ")
                    .append(ratio(ours, stock))
                    .append(" | >= 3x stock and >= 12,000 |\n");
            s.append("| ")
                    .append(w)
                    .append(": servers' CPU ms per 1,000 rows (PostgreSQL + Kafka + Connect) | | ")
                    .append(cost(stock))
                    .append(" | ")
                    .append(cost(ours))
                    .append(" | ")
                    .append(
                            stock == null || ours == null
                                    ? ""
                                    : String.format(Locale.ROOT, "%.2fx less", cpuPer1k(stock) / cpuPer1k(ours)))
                    .append(" | |\n");
        }
        Measurements.Lag sl = m.lag("stock");
        Measurements.Lag ol = m.lag("ours");
        s.append(String.format(
                Locale.ROOT,
                "| lag p50 / p99 / max at %,d rows/s (ms) | - | %s | %s | | p50 <= 200, p99 <= 1,000 |%n",
                o.lagRate(),
                lag(sl),
                lag(ol)));
        Measurements.Snapshot ss = m.snapshot("stock");
        Measurements.Snapshot os = m.snapshot("ours");
        s.append(String.format(
                Locale.ROOT,
                "| initial snapshot of %,d rows | - | %s | %s | %s | <= 5 min |%n%n",
                o.snapshotRows(),
                snap(ss),
                snap(os),
                ss != null
                                && os != null
                                && ss.applied().complete()
                                && os.applied().complete()
                        ? String.format(
                                Locale.ROOT,
                                "%.2fx faster",
                                ss.took().toMillis() / (double) os.took().toMillis())
                        : ""));
        s.append(
                "The machine is shared with other agents' builds and tests: \"others\" is the CPU they took during a measurement. "
                        + "Throughput depends on it; CPU per 1,000 rows much less, so it is the fairer comparison when \"others\" differ "
                        + "between the stock and our measurement.\n\n");
        m.warmups.forEach((label, w) -> s.append(String.format(
                Locale.ROOT,
                "Warm-up of %s: %d round(s) of %,d inserts and updates; JIT compiling in the last round %.2f cores (%s).%n%n",
                label,
                w.rounds(),
                w.rowsPerRound(),
                w.lastRoundJitCores(),
                w.quiet() ? "warm" : "still compiling: its measurements include JIT work")));
        s.append("Targets for ours:\n\n");
        for (String w : List.of("inserts", "updates")) {
            Measurements.Throughput ours = m.throughput("ours", w);
            Measurements.Throughput stock = m.throughput("stock", w);
            if (ours != null && stock != null) {
                double r = ours.rate() / stock.rate();
                s.append(String.format(
                        Locale.ROOT,
                        "- %s throughput >= 3x stock and >= 12,000 rows/s: %s (%.2fx, %s rows/s)%n",
                        w,
                        r >= 3 && ours.rate() >= 12_000 && ours.applied().complete() ? "met" : "**missed**",
                        r,
                        fmt(ours.rate())));
            }
        }
        if (ol != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "- lag p50 <= 200 ms: %s (%.0f ms); p99 <= 1 s: %s (%.0f ms)%n",
                    ol.percentileMs(50) <= 200 ? "met" : "**missed**",
                    ol.percentileMs(50),
                    ol.percentileMs(99) <= 1000 ? "met" : "**missed**",
                    ol.percentileMs(99)));
        }
        if (os != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "- snapshot of %,d rows <= 5 min: %s (%s)%n",
                    o.snapshotRows(),
                    os.applied().complete() && os.took().compareTo(Duration.ofMinutes(5)) <= 0 ? "met" : "**missed**",
                    snap(os)));
        }
        for (String f : m.failures) {
            s.append("- FAILURE: ").append(f).append('\n');
        }
        return s.append('\n').toString();
    }

    /** Per measurement, the cores each part used on average, and what the rest of the machine used. */
    private static String cpu(Measurements m) {
        StringBuilder s = new StringBuilder(
                "## Where the CPU went\n\nAverage cores used during each measurement (2.0 = both cores busy). "
                        + "\"others\" is the machine's busy time minus the run's processes: other users of this shared machine.\n\n");
        List<String> parts = null;
        for (var row : rows(m)) {
            if (parts == null) {
                parts = row.getValue().processes();
                s.append("| measurement | wall s | ")
                        .append(String.join(" | ", parts))
                        .append(" | others | machine | ")
                        .append(CpuMeter.JIT)
                        .append(" |\n|---|---|");
                s.append("---|".repeat(parts.size() + 3)).append('\n');
            }
            CpuMeter.Usage u = row.getValue();
            s.append("| ")
                    .append(row.getKey())
                    .append(String.format(Locale.ROOT, " | %.1f | ", u.wallSeconds()))
                    .append(parts.stream()
                            .map(p -> String.format(Locale.ROOT, "%.2f", u.cores(p)))
                            .collect(Collectors.joining(" | ")))
                    .append(String.format(
                            Locale.ROOT,
                            " | %.2f | %.2f | %.2f |%n",
                            others(u),
                            u.cores(CpuMeter.MACHINE),
                            u.cores(CpuMeter.JIT)));
        }
        return s.append('\n').toString();
    }

    private static String cpuSummary(Measurements m) {
        StringBuilder s = new StringBuilder("## Where the CPU went (cores, averaged over each measurement)\n\n"
                + "| measurement | PostgreSQL | Kafka broker | Connect worker | benchmark JVM | others on the machine | machine "
                + "| of which JIT compiling (broker + worker) |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (var row : rows(m)) {
            CpuMeter.Usage u = row.getValue();
            List<Double> v = u.processes().stream().map(u::cores).toList();
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                    row.getKey(),
                    v.get(0),
                    v.get(1),
                    v.get(2),
                    v.get(3),
                    others(u),
                    u.cores(CpuMeter.MACHINE),
                    u.cores(CpuMeter.JIT)));
        }
        return s.append('\n').toString();
    }

    private static List<Map.Entry<String, CpuMeter.Usage>> rows(Measurements m) {
        return Stream.of(
                        m.throughput.stream()
                                .map(t -> Map.entry(
                                        t.pipeline() + " " + t.workload()
                                                + (t.pipeline().equals("raw") ? " (live)" : ""),
                                        t.cpu())),
                        m.backlog.stream().map(b -> Map.entry("raw " + b.workload() + " (backlog)", b.cpu())),
                        m.lag.stream().map(l -> Map.entry(l.pipeline() + " lag", l.cpu())),
                        m.snapshots.stream().map(sn -> Map.entry(sn.pipeline() + " snapshot", sn.cpu())))
                .flatMap(x -> x)
                .toList();
    }

    private static String settings(Measurements m) {
        StringBuilder s = new StringBuilder("## Settings\n\n- **raw decoding**: pgjdbc " + DriverInfo.DRIVER_VERSION
                + " replication stream, `pgoutput`, `proto_version` 1, publication of the table, status every 1 s; Insert/Update/Delete "
                + "messages counted, nothing parsed.\n"
                + "- **Connect worker** (both pipelines): distributed mode, worker `key.converter`/`value.converter` = JsonConverter "
                + "with schemas (the stock pipeline uses them; ours overrides them per connector), `offset.flush.interval.ms=1000`, "
                + "otherwise defaults.\n");
        m.settings.forEach((label, connectors) -> {
            s.append(
                    label.equals("stock")
                            ? "- **stock** (Debezium's defaults except what is needed to connect and to upsert):\n\n```\n"
                            : "- **ours** (generated from the plan by `ConnectorConfigs`; the mapping renames `name` to `title`, converts "
                                    + "`price_cents` to a numeric `price`, reads `created_at` in Europe/Berlin):\n\n```\n");
            connectors.forEach(c -> s.append(render(c)));
            s.append("```\n\n");
        });
        return s.toString();
    }

    static String render(ConnectorConfigs.Connector c) {
        StringBuilder s = new StringBuilder(c.name()).append(":\n");
        c.config()
                .forEach(
                        (k, v) -> s.append("  ").append(k).append('=').append(v).append('\n'));
        return s.toString();
    }

    private static String method(BenchOptions o) {
        return """
                ## How it was measured

                - Each pipeline reads a source database of its own that receives exactly the same writes (same ids, same values), one pipeline at a time: the others' connectors are deleted and their slots dropped, so nothing else decodes WAL or competes for the cores.
                - Before anything is timed, each pipeline carries a warm-up (ids below zero, inserted then updated).
                - **Throughput**: ids 1..ROWS inserted (then updated) in transactions of TX_ROWS rows, as fast as the source takes them, while the pipeline runs. Rows/s = rows applied at the target / (last apply - first source commit). The source commit times come from `pg_xact_commit_timestamp(xmin)`; the apply time is stamped on every row by a `BEFORE INSERT OR UPDATE` trigger in the target (`clock_timestamp()`, same machine clock). For raw decoding, "applied" is the arrival of the message in the reader; *from the backlog* reads the slot after the workload has committed, so it is decoding speed without the writer as the limit.
                - **Lag**: a writer commits every 10 ms (half inserts of new ids, half updates of distinct existing ids), each row changed once, for LAG_SECONDS; lag per row = target apply time - source commit time of its transaction.
                - **Snapshot**: SNAPSHOT_ROWS rows exist before the connectors are created; time from just before the connectors are submitted until the last row is applied in the target.
                - The target tables carry the apply-time trigger in both pipelines (it costs both the same); the stock target is a plain copy of the source table, ours is the service's shape (title, price numeric, created_at timestamptz).

                """.replace("ROWS", String.format(Locale.ROOT, "%,d", o.rows()))
                .replace("TX_", "")
                .replace("LAG_SECONDS", o.lagSeconds() + " s")
                .replace("SNAPSHOT_", "");
    }

    private static String rate(Measurements.Throughput t) {
        if (t == null) {
            return "-";
        }
        return fmt(t.rate())
                + (t.applied().complete()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " (incomplete: %,d of %,d)",
                                t.applied().rows(),
                                t.applied().expected()));
    }

    private static double cpuPer1k(Measurements.Throughput t) {
        return t.cpu().serverMsPer1k(t.applied().rows());
    }

    private static String cost(Measurements.Throughput t) {
        return t == null
                ? "-"
                : String.format(
                        Locale.ROOT,
                        "%.0f (machine busy %.2f of %d cores, others %.2f)",
                        cpuPer1k(t),
                        t.cpu().cores(CpuMeter.MACHINE),
                        Runtime.getRuntime().availableProcessors(),
                        others(t.cpu()));
    }

    static double others(CpuMeter.Usage u) {
        return Math.max(0, u.cores(CpuMeter.MACHINE) - u.processCores());
    }

    private static String ratio(Measurements.Throughput ours, Measurements.Throughput stock) {
        return ours == null || stock == null || stock.rate() == 0
                ? ""
                : String.format(Locale.ROOT, "%.2fx", ours.rate() / stock.rate());
    }

    private static String lag(Measurements.Lag l) {
        if (l == null) {
            return "-";
        }
        return String.format(
                Locale.ROOT,
                "%.0f / %.0f / %.0f (%,d changes; writer %,.0f rows/s)",
                l.percentileMs(50),
                l.percentileMs(99),
                l.percentileMs(100),
                l.lagMicros().size(),
                l.writtenRate());
    }

    private static String snap(Measurements.Snapshot s) {
        if (s == null) {
            return "-";
        }
        if (!s.applied().complete()) {
            return String.format(
                    Locale.ROOT,
                    "did not finish in %d min (%,d rows)",
                    s.limit().toMinutes(),
                    s.applied().rows());
        }
        return String.format(
                Locale.ROOT,
                "%.1f s (%s rows/s)",
                s.took().toMillis() / 1e3,
                fmt(s.applied().rows() / (s.took().toMillis() / 1e3)));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String machine() {
        String model = "?";
        long memKb = 0;
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("?");
            memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .orElse(0L);
        } catch (IOException e) {
            // leave the placeholders
        }
        String kernel;
        try {
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            kernel = "?";
        }
        return String.format(
                Locale.ROOT,
                "%s, %d cores (nproc), %.1f GiB memory, Linux %s",
                model,
                Runtime.getRuntime().availableProcessors(),
                memKb / 1024.0 / 1024.0,
                kernel);
    }

    private static String version(Path dir, String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(".jar"))
                    .findFirst()
                    .map(n -> n.substring(prefix.length(), n.length() - 4))
                    .orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
