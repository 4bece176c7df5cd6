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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
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
                "# CDC benchmark: raw decoding, stock Debezium (defaults and tuned), ours\n\n" + header + numbers
                        + cpu(m) + settings(m)
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
                                + "lag at %s rows/s for %d s each; %d round(s) of the pipelines, their order reversed every "
                                + "other round; snapshot of %,d rows (limit %d min)%n%n",
                        o.rows(),
                        o.txRows(),
                        o.warmupRows(),
                        CdcBenchmark.JIT_QUIET_CORES,
                        o.warmupMaxRounds(),
                        rates(o),
                        o.lagSeconds(),
                        o.rounds(),
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

    /** The pipelines compared, in the report's column order. */
    static final List<String> PIPELINES = List.of("stock", "stock-tuned", "ours");

    private static final Map<String, String> TITLES =
            Map.of("stock", "stock (defaults)", "stock-tuned", "stock, tuned as ours", "ours", "ours");

    private static String numbers(BenchOptions o, Measurements m) {
        StringBuilder s = new StringBuilder("## Results\n\n");
        for (int round = 1; round <= m.orders.size(); round++) {
            s.append("### Round ")
                    .append(round)
                    .append(" (in this order: ")
                    .append(String.join(", ", m.orders.get(round - 1)))
                    .append(")\n\n| measure | ")
                    .append(PIPELINES.stream().map(TITLES::get).collect(Collectors.joining(" | ")))
                    .append(" | ours / stock tuned | ours / stock |\n|---|---|---|---|---|---|\n");
            for (String w : List.of("inserts", "updates")) {
                int r = round;
                List<Measurements.Throughput> t =
                        PIPELINES.stream().map(p -> m.throughput(p, w, r)).toList();
                throughputRow(s, w + ": rows/s applied at the target", t, Report::rate, Report::ratio);
                throughputRow(
                        s,
                        w + ": servers' CPU ms per 1,000 rows (PostgreSQL + Kafka + Connect)",
                        t,
                        Report::cost,
                        Report::less);
            }
            for (int rate : o.lagRates()) {
                s.append(String.format(Locale.ROOT, "| lag p50 / p99 / max at %,d rows/s (ms) | ", rate));
                for (String p : PIPELINES) {
                    s.append(lag(m.lag(p, rate, round))).append(" | ");
                }
                s.append(" | |\n");
            }
            s.append('\n');
        }
        Measurements.Throughput rawInserts = m.throughput("raw", "inserts", 0);
        if (rawInserts != null) {
            s.append("### Raw decoding (the ceiling: pgoutput read by pgjdbc, nothing parsed)\n\n"
                    + "| workload | live (rows/s at the reader) | from the backlog |\n|---|---|---|\n");
            for (String w : List.of("inserts", "updates")) {
                Measurements.Throughput raw = m.throughput("raw", w, 0);
                Measurements.Backlog backlog = m.backlog(w);
                s.append("| ")
                        .append(w)
                        .append(" | ")
                        .append(raw == null ? "-" : rate(raw) + " (source wrote " + fmt(raw.sourceRate()) + "/s)")
                        .append(" | ")
                        .append(backlog == null ? "-" : fmt(backlog.read().rate()))
                        .append(" |\n");
            }
            s.append('\n');
        }
        if (!m.snapshots.isEmpty()) {
            s.append(String.format(
                    Locale.ROOT,
                    "### Initial snapshot of %,d rows%n%n| pipeline | took | CPU (servers' cores, machine) |%n|---|---|---|%n",
                    o.snapshotRows()));
            for (String p : PIPELINES) {
                Measurements.Snapshot sn = m.snapshot(p);
                if (sn != null) {
                    s.append("| ")
                            .append(TITLES.get(p))
                            .append(" | ")
                            .append(snap(sn))
                            .append(String.format(
                                    Locale.ROOT,
                                    " | %.2f, %.2f |%n",
                                    sn.cpu().processCores(),
                                    sn.cpu().cores(CpuMeter.MACHINE)));
                }
            }
            s.append('\n');
        }
        s.append("The machine may be shared with other work: \"others\" is the CPU it took during a measurement. "
                + "Throughput depends on it; CPU per 1,000 rows much less, so it is the fairer comparison when "
                + "\"others\" differ between measurements.\n\n");
        m.warmups.forEach((label, w) -> s.append(String.format(
                Locale.ROOT,
                "Warm-up of %s: %d round(s) of %,d inserts and updates; JIT compiling in the last round %.2f cores (%s).%n%n",
                label,
                w.rounds(),
                w.rowsPerRound(),
                w.lastRoundJitCores(),
                w.quiet() ? "warm" : "still compiling: its measurements include JIT work")));
        s.append("Targets for ours (met only when met in every round):\n\n");
        for (String w : List.of("inserts", "updates")) {
            s.append(target(
                    m,
                    w + " throughput >= 2x the stock pipeline tuned as ours",
                    r -> ratioMet(m.throughput("ours", w, r), m.throughput("stock-tuned", w, r), 2, 0)));
            s.append(target(
                    m,
                    w + " throughput >= 3x the stock pipeline with its defaults and >= 12,000 rows/s",
                    r -> ratioMet(m.throughput("ours", w, r), m.throughput("stock", w, r), 3, 12_000)));
        }
        for (int rate : o.lagRates()) {
            double limit = rate <= 1_000 ? 250 : 1_000;
            s.append(target(m, String.format(Locale.ROOT, "lag p99 <= %,.0f ms at %,d rows/s", limit, rate), r -> {
                Measurements.Lag l = m.lag("ours", rate, r);
                return l == null
                        ? null
                        : new Met(
                                l.percentileMs(99) <= limit && l.arrived() == l.changes(),
                                String.format(Locale.ROOT, "%.0f ms", l.percentileMs(99)));
            }));
        }
        Measurements.Snapshot os = m.snapshot("ours");
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

    /**
     * One row of a round's table: each pipeline's cell ({@link #PIPELINES}' order), then ours against the tuned
     * stock pipeline and against the stock defaults.
     */
    private static void throughputRow(
            StringBuilder s,
            String measure,
            List<Measurements.Throughput> t,
            Function<Measurements.Throughput, String> cell,
            BiFunction<Measurements.Throughput, Measurements.Throughput, String> against) {
        s.append("| ").append(measure).append(" | ");
        t.forEach(x -> s.append(cell.apply(x)).append(" | "));
        s.append(against.apply(t.get(2), t.get(1)))
                .append(" | ")
                .append(against.apply(t.get(2), t.get(0)))
                .append(" |\n");
    }

    /** Whether one round met a target, and the number it was judged on. */
    record Met(boolean met, String value) {}

    /** A target's line: met when every round that measured it met it, with each round's number. */
    private static String target(Measurements m, String what, IntFunction<Met> round) {
        List<String> values = new ArrayList<>();
        boolean all = true;
        for (int r = 1; r <= m.orders.size(); r++) {
            Met met = round.apply(r);
            if (met == null) {
                continue;
            }
            all &= met.met();
            values.add("round " + r + ": " + met.value() + (met.met() ? "" : ", missed"));
        }
        if (values.isEmpty()) {
            return "";
        }
        return "- " + what + ": " + (all ? "met" : "**missed**") + " (" + String.join("; ", values) + ")\n";
    }

    private static Met ratioMet(
            Measurements.Throughput ours, Measurements.Throughput other, double times, double atLeast) {
        if (ours == null || other == null || other.rate() == 0) {
            return null;
        }
        double r = ours.rate() / other.rate();
        return new Met(
                r >= times && ours.rate() >= atLeast && ours.applied().complete(),
                String.format(Locale.ROOT, "%.2fx, %s rows/s", r, fmt(ours.rate())));
    }

    private static String less(Measurements.Throughput ours, Measurements.Throughput other) {
        return other == null || ours == null
                ? ""
                : String.format(Locale.ROOT, "%.2fx less", cpuPer1k(other) / cpuPer1k(ours));
    }

    private static String rates(BenchOptions o) {
        return o.lagRates().stream()
                .map(r -> String.format(Locale.ROOT, "%,d", r))
                .collect(Collectors.joining(" and "));
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
                                                + (t.round() == 0 ? " (live)" : ", round " + t.round()),
                                        t.cpu())),
                        m.backlog.stream().map(b -> Map.entry("raw " + b.workload() + " (backlog)", b.cpu())),
                        m.lag.stream()
                                .map(l -> Map.entry(
                                        String.format(
                                                Locale.ROOT,
                                                "%s lag at %,d rows/s, round %d",
                                                l.pipeline(),
                                                l.targetRate(),
                                                l.round()),
                                        l.cpu())),
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
                    switch (label) {
                        case "stock" ->
                            "- **stock** (Debezium's defaults except what is needed to connect and to upsert):\n\n```\n";
                        case "stock-tuned" ->
                            "- **stock-tuned** (the same, plus our source's and sink's latency and throughput settings, "
                                    + "`ConnectorConfigs.SOURCE_TUNING` and `SINK_TUNING`, and the JDBC sink's own "
                                    + "throughput options: batches of a whole poll, the reduction buffer, pgjdbc's "
                                    + "batched-insert rewriting; not its unnest inserts, which fail on a timestamp column "
                                    + "in Debezium 3.5.0):\n\n```\n";
                        default ->
                            "- **ours** (generated from the plan by `ConnectorConfigs`; the mapping renames `name` to `title`, converts "
                                    + "`price_cents` to a numeric `price`, reads `created_at` in Europe/Berlin):\n\n```\n";
                    });
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
                - **Rounds**: each pipeline is measured (warm-up, throughput, lag) once per round, on fresh databases, connectors and slot; the order of the pipelines is reversed every other round, so that none is always the first on a freshly started worker or always follows the same one.
                - **Lag**: at each rate, a writer commits every 10 ms (half inserts of new ids, half updates of distinct existing ids), each row changed once, for LAG_SECONDS; lag per row = target apply time - source commit time of its transaction.
                - **Snapshot**: SNAPSHOT_ROWS rows exist before the connectors are created; time from just before the connectors are submitted until the last row is applied in the target.
                - The target tables carry the apply-time trigger in both pipelines (it costs both the same); the stock targets are a plain copy of the source table, ours is the service's shape (title, price numeric, created_at timestamptz).

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
