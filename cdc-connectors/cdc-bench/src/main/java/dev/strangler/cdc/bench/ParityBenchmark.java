package dev.strangler.cdc.bench;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.cdc.sync.Parity;
import dev.strangler.infra.postgres.PostgresCluster;
import dev.strangler.infra.process.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parity benchmark: {@code strangler verify parity}'s comparison ({@link Parity}) on generated tables
 * in two databases of one private PostgreSQL cluster, bisect (the default) and the row-by-row merge
 * (what parity did before) side by side in the same run: equal tables, then with planted differences
 * (updates of one column, rows missing in the target, rows only the target has), each difference
 * checked against what was planted. Run by {@code cdc-connectors/bench/parity-bench.sh}; writes
 * {@code bench/results/$RESULT_NAME.md}.
 */
public final class ParityBenchmark {

    /** A bigint key with a conversion (cents to a decimal), text, a timestamp and NULLs; and a uuid key. */
    private static final String SOURCE_TABLES = """
            CREATE TABLE orders (id bigint, customer text NOT NULL, price_cents bigint NOT NULL, placed_at timestamptz NOT NULL, note text);
            INSERT INTO orders SELECT i, 'customer ' || (i %% 100003), i::bigint * 7919 %% 1000000, timestamptz '2024-01-01 00:00:00+00' + i * interval '3 seconds',
              CASE WHEN i %% 5 = 0 THEN NULL ELSE md5(i::text) END FROM generate_series(1, %1$d) i;
            ALTER TABLE orders ADD PRIMARY KEY (id);
            CREATE TABLE events (id uuid, kind text NOT NULL, amount numeric NOT NULL, at timestamptz NOT NULL);
            INSERT INTO events SELECT md5('e' || i)::uuid, 'kind ' || (i %% 17), i / 8.0, timestamptz '2025-06-01 00:00:00+00' + i * interval '1 second'
              FROM generate_series(1, %2$d) i;
            ALTER TABLE events ADD PRIMARY KEY (id);
            """;

    private static final String TARGET_TABLES = """
            CREATE TABLE orders (id bigint, customer text NOT NULL, price numeric(12,2) NOT NULL, placed_at timestamptz NOT NULL, note text);
            INSERT INTO orders SELECT i, 'customer ' || (i %% 100003), (i::bigint * 7919 %% 1000000) / 100.0, timestamptz '2024-01-01 00:00:00+00' + i * interval '3 seconds',
              CASE WHEN i %% 5 = 0 THEN NULL ELSE md5(i::text) END FROM generate_series(1, %1$d) i;
            ALTER TABLE orders ADD PRIMARY KEY (id);
            CREATE TABLE events (id uuid, kind text NOT NULL, amount numeric NOT NULL, at timestamptz NOT NULL);
            INSERT INTO events SELECT md5('e' || i)::uuid, 'kind ' || (i %% 17), i / 8.0, timestamptz '2025-06-01 00:00:00+00' + i * interval '1 second'
              FROM generate_series(1, %2$d) i;
            ALTER TABLE events ADD PRIMARY KEY (id);
            """;

    private static final String PLAN = """
            streams:
              - name: bench
                source: {url: "%s", user: postgres, password: "${BENCH_DB_PASSWORD}"}
                target: {url: "%s", user: postgres, password: "${BENCH_DB_PASSWORD}"}
                tables:
                  - source: public.orders
                    target: orders
                    key: [id]
                    columns: {id: {}, customer: {}, price_cents: {to: price, convert: cents-to-decimal}, placed_at: {}, note: {}}
                  - {source: public.events, target: events, key: [id], columns: {id: {}, kind: {}, amount: {}, at: {}}}
            """;

    /** What was planted in one table: keys missing in the target, keys only the target has, and key -> changed column. */
    record Planted(List<String> missing, List<String> extra, Map<String, List<String>> different) {
        int size() {
            return missing.size() + extra.size() + different.size();
        }
    }

    /** One measured comparison of one table. */
    record Measurement(
            long size,
            String table,
            long rows,
            String data,
            Parity.Method method,
            double seconds,
            Parity.TableParity result,
            String check,
            CpuMeter.Usage cpu,
            String load) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        List<Long> sizes = Arrays.stream(
                        env.getOrDefault("ROWS", "1000000,10000000").split(","))
                .map(String::trim)
                .map(Long::parseLong)
                .toList();
        long uuidRows = Long.parseLong(env.getOrDefault("UUID_ROWS", "1000000"));
        int diffs = Integer.parseInt(env.getOrDefault("DIFFS", "100"));
        int chunk = Integer.parseInt(env.getOrDefault("CHUNK", "10000"));
        int parallel = Integer.parseInt(env.getOrDefault("PARALLEL", "" + Parity.DEFAULT_PARALLEL));
        boolean old = !"0".equals(env.getOrDefault("OLD", "1"));
        Path work = Path.of(env.getOrDefault(
                "WORK_DIR", Files.createTempDirectory("parity-bench").toString()));
        Path results = Path.of(env.getOrDefault("RESULTS_DIR", "cdc-connectors/bench/results"));
        String name = env.getOrDefault("RESULT_NAME", "parity-bench");

        PostgresCluster cluster = PostgresCluster.at(
                PostgresCluster.dataDirReachableFrom(work.resolve("pg/data")),
                FreePorts.pick(),
                Map.of("shared_buffers", "512MB", "max_wal_size", "4GB"));
        Thread stop = new Thread(cluster::stop, "stop-bench-postgres");
        Runtime.getRuntime().addShutdownHook(stop);
        List<Measurement> measurements = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Instant started = Instant.now();
        String startLoad = loadAverage();
        String version;
        try {
            cluster.start();
            version = query(cluster, "postgres", "SELECT version()");
            CpuMeter cpu = CpuMeter.postgresAndThisJvm(
                    Long.parseLong(Files.readAllLines(cluster.dataDir().resolve("postmaster.pid"))
                            .get(0)
                            .trim()));
            for (long rows : sizes) {
                long uuids = Math.min(rows, uuidRows);
                String src = "src_" + rows;
                String dst = "dst_" + rows;
                cluster.createDatabase(src);
                cluster.createDatabase(dst);
                log("loading " + rows + " orders and " + uuids + " events into " + src + " and " + dst);
                exec(cluster, src, SOURCE_TABLES.formatted(rows, uuids));
                exec(cluster, dst, TARGET_TABLES.formatted(rows, uuids));
                for (String db : List.of(src, dst)) {
                    for (String sql : List.of("VACUUM ANALYZE orders", "VACUUM ANALYZE events", "CHECKPOINT")) {
                        exec(cluster, db, sql); // one by one: VACUUM runs outside a transaction only
                    }
                }
                MigrationPlan.Stream stream = new PlanReader()
                        .read(
                                "parity-bench",
                                PLAN.formatted(cluster.jdbcUrl(src), cluster.jdbcUrl(dst)),
                                v -> v.equals("BENCH_DB_PASSWORD") ? cluster.password() : null)
                        .streams()
                        .get(0);
                List<Parity.Method> methods =
                        old ? List.of(Parity.Method.BISECT, Parity.Method.ROWS) : List.of(Parity.Method.BISECT);
                Map<String, Planted> none = Map.of(
                        "public.orders", new Planted(List.of(), List.of(), Map.of()),
                        "public.events", new Planted(List.of(), List.of(), Map.of()));
                if (measurements.isEmpty()) {
                    // Not recorded: the JVM compiles parity's and the driver's code, and both databases' pages come
                    // into memory, before anything is measured, so the first method measured is not the slower for it.
                    log("warm-up: each method once, not recorded");
                    for (Parity.Method method : methods) {
                        measure(stream, method, chunk, parallel, "warm-up", none, cpu, rows);
                    }
                }
                for (Parity.Method method : methods) {
                    measurements.addAll(measure(stream, method, chunk, parallel, "equal", none, cpu, rows));
                }
                Map<String, Planted> planted = new LinkedHashMap<>();
                planted.put("public.orders", plantOrders(cluster, src, dst, rows, diffs));
                planted.put("public.events", plantEvents(cluster, src, dst, uuids, diffs));
                for (Parity.Method method : methods) {
                    measurements.addAll(
                            measure(stream, method, chunk, parallel, diffs + " differences", planted, cpu, rows));
                }
                exec(cluster, "postgres", "DROP DATABASE " + src);
                exec(cluster, "postgres", "DROP DATABASE " + dst);
            }
        } catch (Exception e) {
            failures.add("the run stopped early: " + e);
            e.printStackTrace();
            version = "unknown";
        } finally {
            cluster.stop();
            Runtime.getRuntime().removeShutdownHook(stop);
        }
        String report = report(env, started, startLoad, version, chunk, parallel, measurements, failures);
        Files.createDirectories(results);
        Files.writeString(results.resolve(name + ".md"), report);
        System.out.println(report);
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static List<Measurement> measure(
            MigrationPlan.Stream stream,
            Parity.Method method,
            int chunk,
            int parallel,
            String data,
            Map<String, Planted> planted,
            CpuMeter cpu,
            long size) {
        List<Measurement> out = new ArrayList<>();
        for (MigrationPlan.Table table : stream.tables()) {
            MigrationPlan.Stream one =
                    new MigrationPlan.Stream(stream.name(), stream.source(), stream.target(), List.of(table));
            String load = loadAverage();
            log(table.source() + " (" + data + "), " + method + ": comparing");
            CpuMeter.Snapshot before = cpu.snapshot();
            long start = System.nanoTime();
            Parity.TableParity result = new Parity(chunk, method, parallel)
                    .compare(one, line -> log("  " + line))
                    .get(0);
            double seconds = (System.nanoTime() - start) / 1e9;
            // The comparison's backends have just ended: their CPU time counts once the postmaster has reaped them.
            sleep(500);
            CpuMeter.Usage usage = CpuMeter.between(before, cpu.snapshot());
            String check = check(planted.get(table.source()), result, method);
            log(table.source() + " (" + data + "), " + method + ": " + String.format(Locale.ROOT, "%.2f s", seconds)
                    + ", " + check);
            out.add(new Measurement(
                    size,
                    table.source(),
                    result.sourceRows(),
                    data,
                    method,
                    seconds,
                    result,
                    check,
                    usage,
                    load + " -> " + loadAverage()));
        }
        return out;
    }

    /** Whether what was found is exactly what was planted: every key, and with bisect every changed column. */
    static String check(Planted planted, Parity.TableParity found, Parity.Method method) {
        Map<String, List<String>> different = method == Parity.Method.BISECT
                ? new TreeMap<>(found.differentColumns())
                : new TreeMap<>(found.different().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                k -> k, k -> planted.different().getOrDefault(k, List.of()))));
        boolean exact = new java.util.HashSet<>(found.missing()).equals(new java.util.HashSet<>(planted.missing()))
                && found.missingCount() == planted.missing().size()
                && new java.util.HashSet<>(found.extra()).equals(new java.util.HashSet<>(planted.extra()))
                && found.extraCount() == planted.extra().size()
                && different.equals(new TreeMap<>(planted.different()))
                && found.differentCount() == planted.different().size();
        long foundCount = found.missingCount() + found.extraCount() + found.differentCount();
        return (exact ? "exact: " : "NOT EXACT: ") + foundCount + " found of " + planted.size() + " planted ("
                + found.missingCount() + " missing, " + found.extraCount() + " extra, " + found.differentCount()
                + " different" + (method == Parity.Method.BISECT ? ", columns named" : ", keys only") + ")";
    }

    /**
     * Plants {@code n} differences scattered over the orders' keys, a third of each kind: an update of
     * one column in the target, a row deleted from the target (missing), a row deleted from the
     * source (only the target has it).
     */
    private static Planted plantOrders(PostgresCluster cluster, String src, String dst, long rows, int n)
            throws SQLException {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        Map<String, List<String>> different = new LinkedHashMap<>();
        String[] updates = {
            "customer = 'changed'",
            "price = price + 0.01",
            "placed_at = placed_at + interval '1 microsecond'",
            "note = coalesce(note, '') || 'x'"
        };
        String[] columns = {"customer", "price", "placed_at", "note"};
        StringBuilder sourceSql = new StringBuilder();
        StringBuilder targetSql = new StringBuilder();
        for (int k = 0; k < n; k++) {
            long id = 1 + k * (rows / n) + Math.floorMod(k * 2654435761L, Math.max(1, rows / n));
            switch (k % 3) {
                case 0 -> {
                    targetSql
                            .append("UPDATE orders SET ")
                            .append(updates[k % 4])
                            .append(" WHERE id = ")
                            .append(id)
                            .append(";\n");
                    different.put(Long.toString(id), List.of(columns[k % 4]));
                }
                case 1 -> {
                    targetSql
                            .append("DELETE FROM orders WHERE id = ")
                            .append(id)
                            .append(";\n");
                    missing.add(Long.toString(id));
                }
                default -> {
                    sourceSql
                            .append("DELETE FROM orders WHERE id = ")
                            .append(id)
                            .append(";\n");
                    extra.add(Long.toString(id));
                }
            }
        }
        exec(cluster, src, sourceSql.toString());
        exec(cluster, dst, targetSql.toString());
        return new Planted(missing, extra, different);
    }

    /** As {@link #plantOrders}, on the uuid-keyed events (key {@code md5('e' || i)::uuid}, so scattered over the key order). */
    private static Planted plantEvents(PostgresCluster cluster, String src, String dst, long rows, int n)
            throws SQLException {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        Map<String, List<String>> different = new LinkedHashMap<>();
        StringBuilder sourceSql = new StringBuilder();
        StringBuilder targetSql = new StringBuilder();
        for (int k = 0; k < n; k++) {
            long i = 1 + k * (rows / n);
            String id = query(cluster, src, "SELECT md5('e' || " + i + ")::uuid::text");
            String where = " WHERE id = '" + id + "';\n";
            switch (k % 3) {
                case 0 -> {
                    targetSql.append("UPDATE events SET amount = amount + 1").append(where);
                    different.put(id, List.of("amount"));
                }
                case 1 -> {
                    targetSql.append("DELETE FROM events").append(where);
                    missing.add(id);
                }
                default -> {
                    sourceSql.append("DELETE FROM events").append(where);
                    extra.add(id);
                }
            }
        }
        exec(cluster, src, sourceSql.toString());
        exec(cluster, dst, targetSql.toString());
        return new Planted(missing, extra, different);
    }

    private static String report(
            Map<String, String> env,
            Instant started,
            String startLoad,
            String version,
            int chunk,
            int parallel,
            List<Measurement> measurements,
            List<String> failures)
            throws Exception {
        StringBuilder r = new StringBuilder("# Parity benchmark\n\n");
        r.append("Date: ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .withZone(ZoneOffset.UTC)
                        .format(started))
                .append("  \n");
        r.append("Command: `")
                .append(env.getOrDefault("BENCH_COMMAND", "ParityBenchmark"))
                .append("`  \n");
        r.append("Machine: ")
                .append(cpuModel())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ")
                .append(memory())
                .append("; load average at the start ")
                .append(startLoad)
                .append(" (other agents' builds and tests share it: see \"others\" per measurement)  \n");
        r.append("Versions: ")
                .append(version)
                .append("; Java ")
                .append(System.getProperty("java.version"))
                .append("  \n");
        r.append(
                        "Server: one private PostgreSQL cluster (shared_buffers 512MB, otherwise defaults), both databases in it, ")
                .append(
                        "tables vacuumed and analyzed after loading, then each method run once unrecorded (warm-up); parity: chunk ")
                .append(chunk)
                .append(", bisect on ")
                .append(parallel)
                .append(" pairs of connections, the row method on one\n\n");
        r.append("Rows/s: the source table's rows divided by the wall time of the comparison (both tables read). ")
                .append(
                        "CPU of PostgreSQL (the postmaster and its backends) and of the benchmark JVM in cores over the comparison's wall time; rows per CPU second = rows/s / (PostgreSQL + JVM cores), what the comparison costs whatever else runs; others = the machine's busy cores minus those two over the comparison and the 0.5 s after it (in which the ended backends are reaped).\n\n");
        r.append(
                "| table | rows | data | method | time (s) | rows/s | differences | PostgreSQL cores | benchmark JVM cores | rows per CPU second (PostgreSQL + JVM) | others' cores | load avg (1 min) before -> after |\n");
        r.append("|---|---:|---|---|---:|---:|---|---:|---:|---:|---:|---|\n");
        for (Measurement m : measurements) {
            double postgres = cores(m, CpuMeter.POSTGRES);
            double jvm = cores(m, CpuMeter.BENCHMARK_JVM);
            double others = m.cpu().cores(CpuMeter.MACHINE)
                    - m.cpu().cores(CpuMeter.POSTGRES)
                    - m.cpu().cores(CpuMeter.BENCHMARK_JVM);
            r.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %s | %s | %.2f | %,d | %s | %.2f | %.2f | %,d | %.2f | %s |%n",
                    m.table(),
                    m.rows(),
                    m.data(),
                    m.method().name().toLowerCase(Locale.ROOT),
                    m.seconds(),
                    (long) (m.rows() / m.seconds()),
                    m.check(),
                    postgres,
                    jvm,
                    (long) (m.rows() / m.seconds() / Math.max(1e-9, postgres + jvm)),
                    Math.max(0, others),
                    m.load()));
        }
        r.append(
                "\n## Bisect against the row method, same run\n\n| table | rows | data | rows method (s) | bisect (s) | speed-up |\n|---|---:|---|---:|---:|---:|\n");
        for (Measurement b : measurements) {
            if (b.method() != Parity.Method.BISECT) {
                continue;
            }
            for (Measurement o : measurements) {
                if (o.method() == Parity.Method.ROWS
                        && o.size() == b.size()
                        && o.table().equals(b.table())
                        && o.data().equals(b.data())
                        && o.rows() == b.rows()) {
                    r.append(String.format(
                            Locale.ROOT,
                            "| %s | %,d | %s | %.2f | %.2f | %.1fx |%n",
                            b.table(),
                            b.rows(),
                            b.data(),
                            o.seconds(),
                            b.seconds(),
                            o.seconds() / b.seconds()));
                }
            }
        }
        if (!failures.isEmpty()) {
            r.append("\n## Failures\n\n");
            failures.forEach(f -> r.append("- ").append(f).append('\n'));
        }
        return r.toString();
    }

    /** Cores a part used over the comparison's own wall time (the meter's interval also holds the pause after it). */
    private static double cores(Measurement m, String part) {
        return m.cpu().cpuSeconds().getOrDefault(part, 0.0) / m.seconds();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static String cpuModel() throws Exception {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("unknown CPU");
    }

    private static String memory() throws Exception {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal"))
                .map(l -> String.format(
                        Locale.ROOT, "%.1f GiB memory", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
                .findFirst()
                .orElse("");
    }

    private static void exec(PostgresCluster cluster, String db, String sql) throws SQLException {
        try (Connection c = cluster.connect(db);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(PostgresCluster cluster, String db, String sql) throws SQLException {
        try (Connection c = cluster.connect(db);
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void log(String line) {
        System.err.printf("%s %s%n", java.time.LocalTime.now().withNano(0), line);
    }
}
