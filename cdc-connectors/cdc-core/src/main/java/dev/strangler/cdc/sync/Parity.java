package dev.strangler.cdc.sync;

import dev.strangler.cdc.conversion.Conversion;
import dev.strangler.cdc.plan.Databases;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.connect.sink.SqlNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Compares a stream's source tables, seen through the plan's mapping, with its target tables. Reports
 * row counts and the keys that are missing, extra or different (and, for a different row, which target
 * columns differ). Conversions are done in SQL on the source side (each {@link Conversion}'s {@link
 * Conversion#sourceSql SQL}, so every conversion a plan accepts can be verified, in both directions)
 * and every value is cast to the target column's type, then compared as text, so {@code 1290} cents
 * and {@code 12.90} compare equal and {@code 12.90} and {@code 12.91} do not. Keys are ordered the
 * same way in both databases and in Java ({@link KeyOrder}, chosen by the key's type).
 *
 * <p>Two methods ({@link Method}): {@link Method#BISECT}, the default, has each database sum a hash
 * of the rows of a key range and only looks closer where the sums differ, splitting such a range
 * until its rows are few enough to read; {@link Method#ROWS} reads every row's hash from both sides
 * and merges them (what parity did before, kept to measure against).
 */
public final class Parity {

    /** How the tables are compared. */
    public enum Method {
        /**
         * Each database sums a hash of each row's text over key ranges found once from a sample of the
         * keys (ranges checked in parallel, on {@code parallel} pairs of connections); a range whose
         * counts or sums differ is split at every n-th key into {@value Bisection#PARTS} ranges, down to
         * ranges of at most chunk / {@value Bisection#PARTS} rows, whose rows are read from both sides
         * and compared column by column. Equal tables are read once, inside each database; only the
         * neighbourhood of a difference travels.
         */
        BISECT,
        /** Every row's key and MD5, read from both sides in key-ordered pages of chunk rows, merged in Java; names no columns. */
        ROWS
    }

    /**
     * The outcome for one table; at most {@value #MAX_KEYS} keys of each kind are listed (the first in
     * key order), all are counted.
     *
     * @param differentColumns for each listed different key, the target columns whose values differ
     *     (empty with {@link Method#ROWS})
     */
    public record TableParity(
            String source,
            String target,
            long sourceRows,
            long targetRows,
            List<String> missing,
            List<String> extra,
            List<String> different,
            long missingCount,
            long extraCount,
            long differentCount,
            Map<String, List<String>> differentColumns) {

        public boolean equal() {
            return missingCount == 0 && extraCount == 0 && differentCount == 0;
        }
    }

    static final int MAX_KEYS = 1_000;

    /** Pairs of connections {@link Method#BISECT} uses unless told otherwise. */
    public static final int DEFAULT_PARALLEL = 4;

    private final int chunk;
    private final Method method;
    private final int parallel;
    /** Where ranges are checked; null: a pool of {@code parallel} threads. A test runs them in the submitting thread. */
    private final Executor workers;

    /** {@link Method#BISECT} on {@value #DEFAULT_PARALLEL} pairs of connections, ranges of about {@code chunk} rows. */
    public Parity(int chunk) {
        this(chunk, Method.BISECT, DEFAULT_PARALLEL);
    }

    /**
     * @param chunk rows per range ({@link Method#BISECT}) or per page ({@link Method#ROWS})
     * @param parallel pairs of connections (a source and a target one) {@link Method#BISECT} checks ranges on
     */
    public Parity(int chunk, Method method, int parallel) {
        this(chunk, method, parallel, null);
    }

    Parity(int chunk, Method method, int parallel, Executor workers) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1 row (was " + chunk + ")");
        }
        if (parallel < 1) {
            throw new IllegalArgumentException(
                    "parallel must be at least 1 pair of connections (was " + parallel + ")");
        }
        this.chunk = chunk;
        this.method = method;
        this.parallel = parallel;
        this.workers = workers;
    }

    /**
     * Compares every table of the stream; {@code progress} hears, about once a second while a table
     * is compared, how far it got (from the calling thread).
     */
    public List<TableParity> compare(MigrationPlan.Stream stream, Consumer<String> progress) {
        List<TableParity> out = new ArrayList<>();
        try (Connection src = open(stream.source());
                Connection dst = open(stream.target())) {
            List<Table> tables = new ArrayList<>();
            for (MigrationPlan.Table t : stream.tables()) {
                tables.add(table(dst, t));
            }
            if (method == Method.ROWS) {
                for (Table t : tables) {
                    out.add(new RowMerge(chunk).compare(src, dst, t, progress));
                }
            } else {
                try (Bisection bisection = new Bisection(stream, chunk, parallel, workers)) {
                    for (Table t : tables) {
                        out.add(bisection.compare(src, dst, t, progress));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("stream " + stream.name() + ": parity check failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** A table as both sides see it: its key orders, and the SQL of each side. */
    record Table(
            MigrationPlan.Table plan,
            List<KeyOrder> keyOrders,
            ParitySide source,
            ParitySide target,
            List<String> columns) {

        ParityDifferences differences() {
            return new ParityDifferences(keyOrders, MAX_KEYS);
        }

        /** Compares two keys in the order both databases return them. */
        int compareKeys(List<String> x, List<String> y) {
            for (int i = 0; i < x.size(); i++) {
                int c = keyOrders.get(i).compare(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
    }

    private static Table table(Connection dst, MigrationPlan.Table t) throws SQLException {
        Map<String, String> targetTypes = columnTypes(dst, t.target());
        Map<String, String> sourceExprs = new HashMap<>();
        List<String> sourceValues = new ArrayList<>();
        List<String> targetValues = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (var e : t.columns().entrySet()) {
            MigrationPlan.Column c =
                    e.getValue() == null ? new MigrationPlan.Column(null, null, null, null) : e.getValue();
            String target = c.targetName(e.getKey());
            String sourceExpr =
                    "CAST(" + sourceExpression(quote(e.getKey()), c) + " AS " + targetTypes.get(target) + ")";
            sourceExprs.put(target, sourceExpr);
            sourceValues.add(sourceExpr + "::text");
            targetValues.add(quote(target) + "::text");
            columns.add(target);
        }
        // Key columns in the plan's key order, each ordered the same way on both sides and in Java.
        List<KeyOrder> orders = new ArrayList<>();
        List<String> sourceKey = new ArrayList<>();
        List<String> targetKey = new ArrayList<>();
        List<String> keyParams = new ArrayList<>();
        for (String k : t.key()) {
            KeyOrder order = KeyOrder.of(targetTypes.get(k));
            orders.add(order);
            sourceKey.add(order.orderBy(sourceExprs.get(k)));
            targetKey.add(order.orderBy(quote(k)));
            keyParams.add(order.parameter(targetTypes.get(k)));
        }
        return new Table(
                t,
                orders,
                new ParitySide(SqlNames.table(t.source()), sourceKey, keyParams, sourceValues),
                new ParitySide(SqlNames.table(t.target()), targetKey, keyParams, targetValues),
                columns);
    }

    /** The source column through its conversion, computed in SQL as the transform computes it in Java. */
    static String sourceExpression(String column, MigrationPlan.Column c) {
        return c.conversion().map(conversion -> conversion.sourceSql(column, c)).orElse(column);
    }

    /** A connection whose timestamps are written as text in UTC on both sides. */
    static Connection open(MigrationPlan.Database database) throws SQLException {
        Connection c = Databases.connect(database);
        try (Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A progress line: the table, how many rows are done of how many, and the rate. */
    static String progressLine(String table, long done, long total, boolean totalKnown, long startNanos) {
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        long rate = (long) (done / seconds);
        if (!totalKnown || total <= 0) {
            return String.format(Locale.ROOT, "%s: %,d rows compared, %,d rows/s", table, done, rate);
        }
        return String.format(
                Locale.ROOT,
                "%s: %,d of about %,d rows compared (%d%%), %,d rows/s",
                table,
                done,
                total,
                Math.min(100, done * 100 / total),
                rate);
    }

    private static Map<String, String> columnTypes(Connection c, String table) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                        + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, SqlNames.table(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
