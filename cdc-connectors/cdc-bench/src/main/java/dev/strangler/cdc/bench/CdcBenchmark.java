package dev.strangler.cdc.bench;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.infra.kafka.ConnectWorker;
import dev.strangler.infra.kafka.KafkaBroker;
import dev.strangler.infra.kafka.KafkaRuntime;
import dev.strangler.infra.postgres.PostgresCluster;
import dev.strangler.infra.process.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Raw logical decoding, the stock Debezium pipeline (with its defaults, and tuned as ours is: {@link
 * StockPipeline.Settings}) and ours, side by side in one run: one PostgreSQL cluster, one Kafka broker, one
 * Connect worker, all on loopback. Each pipeline reads a source database of its own that receives exactly the
 * same writes, and runs alone (the others' connectors and slots are gone) so that they never compete for the
 * cores. Per pipeline and round: a warm-up, inserts and updates as fast as the source takes them (throughput at
 * the target), then a steady writer at each lag rate; the pipelines' order is reversed every other round. Then
 * the initial snapshot of a large table for each pipeline.
 *
 * <p>Run by {@code cdc-connectors/bench/cdc-bench.sh}, which builds what it needs; sizes come from
 * environment variables (see {@link BenchOptions}).
 */
public final class CdcBenchmark {

    private final BenchOptions options;
    private final PostgresCluster cluster;
    private final ConnectClient connect;
    private final CpuMeter cpu;
    /** The broker's and the worker's JIT compilers together below this share of the cores: warm. */
    static final double JIT_QUIET_CORES = 0.05;

    private final Measurements results = new Measurements();

    private CdcBenchmark(BenchOptions options, PostgresCluster cluster, ConnectClient connect, CpuMeter cpu) {
        this.options = options;
        this.cluster = cluster;
        this.connect = connect;
        this.cpu = cpu;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.fromEnvironment(System.getenv());
        Path work = options.workDir()
                .resolve("run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()));
        Files.createDirectories(work);
        progress("work directory " + work + "; sizes " + options);
        Path pluginDir = Path.of(
                System.getenv().getOrDefault("STRANGLER_PLUGIN_DIR", "cdc-connectors/connect-plugin/target/plugin"));
        KafkaRuntime runtime = KafkaRuntime.locate();
        PostgresCluster cluster = PostgresCluster.at(
                PostgresCluster.dataDirReachableFrom(work.resolve("pg/data")),
                FreePorts.pick(),
                Map.of("track_commit_timestamp", "on", "max_wal_size", "4GB"));
        KafkaBroker broker = KafkaBroker.at(runtime, work.resolve("kafka"), FreePorts.pick(), FreePorts.pick());
        ConnectWorker worker = ConnectWorker.at(
                runtime,
                List.of(pluginDir),
                broker.bootstrapServers(),
                work.resolve("connect"),
                FreePorts.pick(),
                "cdc-bench");
        Thread stopAll = new Thread(() -> stopQuietly(worker, broker, cluster), "stop-bench-servers");
        Runtime.getRuntime().addShutdownHook(stopAll);
        int exit = 0;
        try {
            cluster.start();
            broker.start();
            worker.start();
            progress("PostgreSQL on " + cluster.port() + ", Kafka on " + broker.port() + ", Connect on "
                    + worker.restUrl());
            CpuMeter cpu = new CpuMeter(postmasterPid(cluster), broker.pid(), worker.pid());
            CdcBenchmark bench = new CdcBenchmark(options, cluster, new ConnectClient(worker.restUrl()), cpu);
            Report.Context context = new Report.Context(options, serverVersion(cluster), runtime, Instant.now());
            try {
                bench.run();
            } catch (Exception e) {
                bench.results.failures.add("the run stopped early: " + e);
                e.printStackTrace();
                exit = 1;
            }
            Report.write(context, bench.results, work);
        } finally {
            stopQuietly(worker, broker, cluster);
            try {
                Runtime.getRuntime().removeShutdownHook(stopAll);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already (TERM): the hook runs too, and stopping twice is harmless
            }
        }
        System.exit(exit);
    }

    private void run() throws Exception {
        if (options.parts().contains("raw")) {
            raw();
        }
        List<String> contenders = Stream.of("stock", "stock-tuned", "ours")
                .filter(options.parts()::contains)
                .toList();
        for (int round = 1; round <= options.rounds(); round++) {
            List<String> order = new ArrayList<>(contenders);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            results.orders.add(List.copyOf(order));
            for (String label : order) {
                String suffix = "_" + label.replace('-', '_') + "_r" + round;
                Pipeline p = label.equals("ours")
                        ? new OurPipeline(cluster, connect, "src" + suffix, "dst" + suffix, "ours_r" + round)
                        : new StockPipeline(
                                cluster,
                                connect,
                                "src" + suffix,
                                "dst" + suffix,
                                "p" + suffix,
                                StockPipeline.Settings.labelled(label));
                pipeline(p, "src" + suffix, round);
            }
        }
        if (options.parts().contains("snapshot")) {
            snapshots();
        }
    }

    private void raw() throws Exception {
        progress("== raw decoding (pgoutput, pgjdbc replication stream)");
        String db = sourceDatabase("src_raw");
        try (RawDecoding live = RawDecoding.create(cluster, db, "raw_live");
                RawDecoding backlog = RawDecoding.create(cluster, db, "raw_backlog");
                Connection src = cluster.connect(db)) {
            live.startLive();
            warmUp("raw", src, live, 1); // no JVM of Kafka's in this path: one round warms this JVM's decoder
            backlog.readBacklog(2L * options.warmupRows(), options.applyLimit());
            for (boolean update : new boolean[] {false, true}) {
                results.throughput.add(workload("raw", 0, src, live, update, () -> {}));
                CpuMeter.Snapshot a = cpu.snapshot();
                RawDecoding.Backlog read = backlog.readBacklog(options.rows(), options.applyLimit());
                results.backlog.add(new Measurements.Backlog(
                        update ? "updates" : "inserts", read, CpuMeter.between(a, cpu.snapshot())));
                progress(String.format(
                        "raw backlog %s: %,d changes at %,.0f/s",
                        update ? "updates" : "inserts", read.changes(), read.rate()));
            }
        }
    }

    private void pipeline(Pipeline pipeline, String sourceDb, int round) throws Exception {
        progress("== " + pipeline.label() + " pipeline, round " + round);
        String db = sourceDatabase(sourceDb);
        cluster.createDatabase(pipeline.target().database());
        pipeline.start();
        // The report is kept: the bench cluster's password is not in it.
        results.settings.putIfAbsent(
                pipeline.label(),
                pipeline.connectors().stream()
                        .map(ConnectorConfigs.Connector::redacted)
                        .toList());
        String label = pipeline.label();
        try (Connection src = cluster.connect(db)) {
            warmUp(label + ", round " + round, src, pipeline.target(), options.warmupMaxRounds());
            results.throughput.add(workload(label, round, src, pipeline.target(), false, pipeline::checkNotFailed));
            results.throughput.add(workload(label, round, src, pipeline.target(), true, pipeline::checkNotFailed));
            long firstInsert = options.rows() + 1L;
            for (int rate : options.lagRates()) {
                Measurements.Lag l = lag(label, round, rate, firstInsert, src, db, pipeline.target());
                results.lag.add(l);
                firstInsert += l.inserts();
            }
        } finally {
            pipeline.close();
        }
    }

    private String sourceDatabase(String name) throws SQLException {
        cluster.createDatabase(name);
        try (Connection c = cluster.connect(name)) {
            Products.create(c, Products.SOURCE_DDL);
        }
        return name;
    }

    /**
     * Rounds of inserts then updates (ids below zero) until the broker's and the worker's JIT compilers
     * have gone quiet (less than {@value #JIT_QUIET_CORES} cores over a round) or {@code warmupMaxRounds}
     * rounds are done: on 2 cores, compiling Kafka's, Connect's and the connectors' code takes a third of
     * the machine for the first minute or more, and a measurement during it measures the compiler. A long-running
     * pipeline is past it. The rounds and the last round's JIT share are reported.
     */
    private void warmUp(String label, Connection src, Destination dest, int maxRounds) throws Exception {
        if (options.warmupRows() == 0) {
            return;
        }
        int w = options.warmupRows();
        double jit = Double.NaN;
        int round = 0;
        while (round < maxRounds) {
            CpuMeter.Snapshot a = cpu.snapshot();
            for (boolean update : new boolean[] {false, true}) {
                dest.begin();
                Instant since = Products.now(src);
                long from = -(long) (round + 1) * w;
                long to = -(long) round * w - 1;
                Products.write(src, update, from, to, options.txRows());
                Applied applied = dest.await(w, from, to, since, options.applyLimit());
                if (!applied.complete()) {
                    throw new IllegalStateException(label + ": warm-up " + (update ? "updates" : "inserts")
                            + " did not arrive within " + options.applyLimit().toSeconds() + " s (" + applied.rows()
                            + " of " + applied.expected() + ")");
                }
            }
            round++;
            jit = CpuMeter.between(a, cpu.snapshot()).cores(CpuMeter.JIT);
            progress(String.format(
                    "%s: warm-up round %d (%,d inserts and updates): JIT compiling took %.2f cores",
                    label, round, w, jit));
            if (jit < JIT_QUIET_CORES) {
                break;
            }
        }
        results.warmups.put(label, new Measurements.Warmup(round, w, jit));
    }

    /** Inserts (or updates) ids 1..rows in transactions of txRows as fast as the source takes them; waits until all are applied. */
    private Measurements.Throughput workload(
            String label, int round, Connection src, Destination dest, boolean update, Runnable healthCheck)
            throws Exception {
        String name = update ? "updates" : "inserts";
        progress(String.format("%s: %,d %s in transactions of %,d", label, options.rows(), name, options.txRows()));
        dest.begin();
        Instant since = Products.now(src);
        CpuMeter.Snapshot a = cpu.snapshot();
        Products.write(src, update, 1, options.rows(), options.txRows());
        healthCheck.run();
        Applied applied = dest.await(options.rows(), 1, options.rows(), since, options.applyLimit());
        CpuMeter.Usage usage = CpuMeter.between(a, cpu.snapshot());
        Instant[] span = Products.commitSpan(src, 1, options.rows());
        Measurements.Throughput t = new Measurements.Throughput(label, name, round, applied, span[0], span[1], usage);
        progress(String.format(
                "%s %s: %,d of %,d applied, %,.0f rows/s at the target (source wrote %,.0f rows/s); servers' CPU %.0f ms "
                        + "per 1,000 rows; machine busy %.2f cores%s",
                label,
                name,
                applied.rows(),
                applied.expected(),
                t.rate(),
                t.sourceRate(),
                usage.serverMsPer1k(applied.rows()),
                usage.cores(CpuMeter.MACHINE),
                applied.complete() ? "" : " -- NOT COMPLETE"));
        if (!applied.complete()) {
            results.failures.add(label + " " + name + ": only " + applied.rows() + " of " + applied.expected()
                    + " rows within " + options.applyLimit().toSeconds() + " s");
        }
        return t;
    }

    /**
     * A writer at a steady rate: every 10 ms one transaction inserting half of the tick's rows (new ids
     * above {@code rows}) and updating the other half (distinct existing ids from 1 up), so every row
     * changes once and its apply time belongs to exactly one commit.
     */
    private Measurements.Lag lag(
            String label, int round, int rate, long firstInsert, Connection src, String sourceDb, TargetTable target)
            throws Exception {
        int perTick = rate / 100;
        int updatesPerTick = perTick / 2;
        int insertsPerTick = perTick - updatesPerTick;
        int ticks = options.lagSeconds() * 100;
        long inserts = (long) insertsPerTick * ticks;
        long updates = (long) updatesPerTick * ticks;
        progress(String.format(
                "%s: lag at %,d rows/s for %d s (%d inserts + %d updates every 10 ms)",
                label, rate, options.lagSeconds(), insertsPerTick, updatesPerTick));
        Instant since = Products.now(src);
        CpuMeter.Snapshot a = cpu.snapshot();
        int late = 0;
        src.setAutoCommit(false);
        try (PreparedStatement ins = src.prepareStatement(
                        "INSERT INTO products (id, name, description, price_cents, currency, stock, "
                                + "created_at, updated_at) SELECT i, 'Product ' || i, 'Added while measuring lag', 1000 + i % 9000, 'EUR', 100 + i % 50, "
                                + "timestamp '2026-01-01 08:00:00' + i * interval '1 second', clock_timestamp() FROM generate_series(?::bigint, ?::bigint) i");
                PreparedStatement upd = src.prepareStatement(
                        "UPDATE products SET name = 'Renamed ' || id, updated_at = clock_timestamp() "
                                + "WHERE id BETWEEN ? AND ?")) {
            long start = System.nanoTime();
            for (int k = 0; k < ticks; k++) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(10L * k);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else if (wait < -TimeUnit.MILLISECONDS.toNanos(10)) {
                    late++;
                }
                ins.setLong(1, firstInsert + (long) k * insertsPerTick);
                ins.setLong(2, firstInsert + (long) (k + 1) * insertsPerTick - 1);
                ins.executeUpdate();
                if (updatesPerTick > 0) {
                    upd.setLong(1, 1 + (long) k * updatesPerTick);
                    upd.setLong(2, (long) (k + 1) * updatesPerTick);
                    upd.executeUpdate();
                }
                src.commit();
            }
        } finally {
            src.setAutoCommit(true);
        }
        Applied ai = target.await(inserts, firstInsert, firstInsert + inserts - 1, since, options.applyLimit());
        Applied au = target.await(updates, 1, updates, since, options.applyLimit());
        CpuMeter.Usage usage = CpuMeter.between(a, cpu.snapshot());
        Map<Long, Instant> committed = new HashMap<>(TargetTable.commitTimes(cluster, sourceDb, 1, updates));
        committed.putAll(TargetTable.commitTimes(cluster, sourceDb, firstInsert, firstInsert + inserts - 1));
        Map<Long, Instant> applied = new HashMap<>(target.appliedTimes(1, updates, since));
        applied.putAll(target.appliedTimes(firstInsert, firstInsert + inserts - 1, since));
        List<Long> lags = new ArrayList<>(applied.size());
        applied.forEach(
                (id, at) -> lags.add(Duration.between(committed.get(id), at).toNanos() / 1_000));
        Instant first = committed.values().stream().min(Instant::compareTo).orElseThrow();
        Instant last = committed.values().stream().max(Instant::compareTo).orElseThrow();
        double written = (inserts + updates) / (Duration.between(first, last).toNanos() / 1e9);
        Measurements.Lag lag = new Measurements.Lag(
                label, round, rate, written, inserts, inserts + updates, ai.rows() + au.rows(), lags, late, usage);
        progress(String.format(
                "%s lag at %,d rows/s: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %,d changes (writer %,.0f rows/s, %d "
                        + "late ticks)",
                label,
                rate,
                lag.percentileMs(50),
                lag.percentileMs(99),
                lag.percentileMs(100),
                lags.size(),
                written,
                late));
        if (lag.arrived() < lag.changes()) {
            results.failures.add(label + " lag at " + rate + " rows/s, round " + round + ": only " + lag.arrived()
                    + " of " + lag.changes() + " changes arrived");
        }
        return lag;
    }

    private void snapshots() throws Exception {
        progress(String.format("== initial snapshot of %,d rows", options.snapshotRows()));
        String db = sourceDatabase("snap_src");
        try (Connection src = cluster.connect(db)) {
            Products.insert(src, 1, options.snapshotRows(), 100_000);
            try (var s = src.createStatement()) {
                s.execute("VACUUM ANALYZE products");
            }
        }
        List<Pipeline> pipelines = new ArrayList<>();
        if (options.parts().contains("ours")) {
            pipelines.add(new OurPipeline(cluster, connect, db, "snap_ours", "snap"));
        }
        if (options.parts().contains("stock-tuned")) {
            pipelines.add(new StockPipeline(
                    cluster, connect, db, "snap_stock_tuned", "stock_tuned_snap", StockPipeline.Settings.TUNED));
        }
        if (options.parts().contains("stock") && options.snapshotStock()) {
            pipelines.add(new StockPipeline(
                    cluster, connect, db, "snap_stock", "stock_snap", StockPipeline.Settings.DEFAULTS));
        }
        for (Pipeline p : pipelines) {
            cluster.createDatabase(p.target().database());
            progress(p.label() + ": snapshot (limit " + options.snapshotLimit().toMinutes() + " min)");
            CpuMeter.Snapshot a = cpu.snapshot();
            Instant created;
            try (Connection src = cluster.connect(db)) {
                created = Products.now(src);
            }
            try {
                p.start();
                Applied applied = p.target()
                        .await(options.snapshotRows(), 1, options.snapshotRows(), created, options.snapshotLimit());
                Measurements.Snapshot s = new Measurements.Snapshot(
                        p.label(), applied, created, options.snapshotLimit(), CpuMeter.between(a, cpu.snapshot()));
                results.snapshots.add(s);
                progress(
                        applied.complete()
                                ? String.format(
                                        "%s snapshot: %,d rows in %.1f s",
                                        p.label(), applied.rows(), s.took().toMillis() / 1e3)
                                : String.format(
                                        "%s snapshot: did not finish in %d min (%,d of %,d rows)",
                                        p.label(),
                                        options.snapshotLimit().toMinutes(),
                                        applied.rows(),
                                        applied.expected()));
            } finally {
                p.close();
            }
        }
    }

    private static long postmasterPid(PostgresCluster cluster) throws Exception {
        // The data directory may belong to the postgres OS user; root reads it anyway, and otherwise we own it.
        return Long.parseLong(Files.readAllLines(cluster.dataDir().resolve("postmaster.pid"))
                .get(0)
                .trim());
    }

    private static String serverVersion(PostgresCluster cluster) throws SQLException {
        try (Connection c = cluster.connect("postgres");
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    static void progress(String message) {
        // HH:mm:ss always (LocalTime's own text leaves out a second of zero).
        System.out.printf("%s %s%n", CLOCK.format(LocalTime.now()), message);
        System.out.flush();
    }

    private static void stopQuietly(ConnectWorker worker, KafkaBroker broker, PostgresCluster cluster) {
        for (Runnable stop : List.<Runnable>of(worker::stop, broker::stop, cluster::destroy)) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                System.err.println("while stopping: " + e.getMessage());
            }
        }
    }
}
