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
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Compares a stream's source tables, seen through the plan's mapping, with its target tables: every
 * row of each side is reduced to its key and an MD5 of its mapped columns, computed by each database
 * over key-ordered chunks, and the two sides are merged in key order (one order for both databases
 * and the merge, chosen by the key's type: {@link KeyOrder}). Reports row counts and the keys
 * that are missing, extra or different. Conversions are done in SQL on the source side (each
 * {@link Conversion}'s {@link Conversion#sourceSql SQL}, so every conversion a plan accepts can be
 * verified, in both directions) and every value is cast to the target column's type before hashing,
 * so {@code 1290} cents and {@code 12.90} compare equal and {@code 12.90} and {@code 12.91} do not.
 */
public final class Parity {

    /** The outcome for one table; at most {@value #MAX_KEYS} keys of each kind are listed. */
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
            long differentCount) {

        public boolean equal() {
            return missingCount == 0 && extraCount == 0 && differentCount == 0;
        }
    }

    static final int MAX_KEYS = 20;
    private final int chunk;

    public Parity(int chunk) {
        this.chunk = chunk;
    }

    public List<TableParity> compare(MigrationPlan.Stream stream, Consumer<String> progress) {
        List<TableParity> out = new ArrayList<>();
        try (Connection src = Databases.connect(stream.source());
                Connection dst = Databases.connect(stream.target())) {
            utc(src);
            utc(dst);
            for (MigrationPlan.Table t : stream.tables()) {
                out.add(table(src, dst, t, progress));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("stream " + stream.name() + ": parity check failed: " + e.getMessage(), e);
        }
        return out;
    }

    private TableParity table(Connection src, Connection dst, MigrationPlan.Table t, Consumer<String> progress)
            throws SQLException {
        Map<String, String> targetTypes = columnTypes(dst, t.target());
        Map<String, String> sourceExprs = new HashMap<>();
        List<String> sourceValues = new ArrayList<>();
        List<String> targetValues = new ArrayList<>();
        for (var e : t.columns().entrySet()) {
            MigrationPlan.Column c =
                    e.getValue() == null ? new MigrationPlan.Column(null, null, null, null) : e.getValue();
            String target = c.targetName(e.getKey());
            String sourceExpr =
                    "CAST(" + sourceExpression(quote(e.getKey()), c) + " AS " + targetTypes.get(target) + ")";
            sourceExprs.put(target, sourceExpr);
            sourceValues.add(sourceExpr + "::text");
            targetValues.add(quote(target) + "::text");
        }
        // Key columns in the plan's key order, each ordered the same way on both sides and in the merge below.
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
        Side left = new Side(src, SqlNames.table(t.source()), sourceKey, keyParams, sourceValues);
        Side right = new Side(dst, SqlNames.table(t.target()), targetKey, keyParams, targetValues);
        long sourceRows = 0;
        long targetRows = 0;
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        List<String> different = new ArrayList<>();
        long[] counts = new long[3];
        Row a = left.next();
        Row b = right.next();
        while (a != null || b != null) {
            int cmp = a == null ? 1 : b == null ? -1 : compareKeys(orders, a.keys(), b.keys());
            if (cmp == 0) {
                sourceRows++;
                targetRows++;
                if (!a.hash().equals(b.hash())) {
                    add(different, counts, 2, a.key());
                }
                a = left.next();
                b = right.next();
            } else if (cmp < 0) {
                sourceRows++;
                add(missing, counts, 0, a.key());
                a = left.next();
            } else {
                targetRows++;
                add(extra, counts, 1, b.key());
                b = right.next();
            }
            if ((sourceRows + targetRows) % (2L * chunk) == 0) {
                progress.accept(t.source() + ": " + sourceRows + " source rows compared");
            }
        }
        return new TableParity(
                t.source(),
                t.target(),
                sourceRows,
                targetRows,
                missing,
                extra,
                different,
                counts[0],
                counts[1],
                counts[2]);
    }

    private static void add(List<String> keys, long[] counts, int kind, String key) {
        counts[kind]++;
        if (keys.size() < MAX_KEYS) {
            keys.add(key);
        }
    }

    /** Compares keys in the order both databases returned them. */
    private static int compareKeys(List<KeyOrder> orders, List<String> x, List<String> y) {
        for (int i = 0; i < x.size(); i++) {
            int c = orders.get(i).compare(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The source column through its conversion, computed in SQL as the transform computes it in Java. */
    static String sourceExpression(String column, MigrationPlan.Column c) {
        return c.conversion().map(conversion -> conversion.sourceSql(column, c)).orElse(column);
    }

    private static void utc(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
        }
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

    private record Row(List<String> keys, String hash) {
        String key() {
            return String.join(",", keys);
        }
    }

    /** One side, read in key order, {@code chunk} rows per query (keyset pagination). */
    private final class Side {
        private final Connection connection;
        private final String sql;
        private final String firstSql;
        private final int keyCount;
        private List<Row> buffer = List.of();
        private int position;
        private boolean exhausted;

        Side(Connection connection, String table, List<String> key, List<String> keyParams, List<String> values) {
            this.connection = connection;
            this.keyCount = key.size();
            // Aliased: an output column named like a key column would make ORDER BY sort its text, not the key.
            List<String> keyTexts = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                keyTexts.add("(" + key.get(i) + ")::text AS strangler_k" + i);
            }
            String keyText = String.join(", ", keyTexts);
            String hash = "md5(concat_ws(chr(31), "
                    + values.stream().map(v -> "coalesce(" + v + ", chr(1))").collect(Collectors.joining(", "))
                    + ")) AS strangler_hash";
            String select = "SELECT " + keyText + ", " + hash + " FROM " + table;
            String order = " ORDER BY " + String.join(", ", key) + " LIMIT " + chunk;
            this.firstSql = select + order;
            // Typed parameters: an untyped one inside a row comparison is not resolved to the key's type.
            this.sql =
                    select + " WHERE (" + String.join(", ", key) + ") > (" + String.join(", ", keyParams) + ")" + order;
        }

        Row next() throws SQLException {
            if (position < buffer.size()) {
                return buffer.get(position++);
            }
            if (exhausted) {
                return null;
            }
            Row last = buffer.isEmpty() ? null : buffer.get(buffer.size() - 1);
            try (PreparedStatement ps = connection.prepareStatement(last == null ? firstSql : sql)) {
                if (last != null) {
                    for (int i = 0; i < keyCount; i++) {
                        ps.setString(i + 1, last.keys().get(i));
                    }
                }
                List<Row> rows = new ArrayList<>(chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> keys = new ArrayList<>(keyCount);
                        for (int i = 1; i <= keyCount; i++) {
                            keys.add(rs.getString(i));
                        }
                        rows.add(new Row(keys, rs.getString(keyCount + 1)));
                    }
                }
                buffer = rows;
                position = 0;
                exhausted = rows.size() < chunk;
            }
            return position < buffer.size() ? buffer.get(position++) : null;
        }
    }
}
