package dev.strangler.connect.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Applies changes to PostgreSQL in the order given, batching consecutive changes of the same shape
 * (same table, same columns, same operation) into one JDBC batch. Values arrive as text and are cast
 * to each target column's type in the statement.
 */
final class ChangeApplier {

    /** One change to apply: columns by target name (key columns included), values as text. */
    record Change(String table, boolean delete, List<String> key, Map<String, String> columns) {
    }

    /** What decides a change's statement: same shape, same SQL, so consecutive ones share a batch. */
    private record Shape(String table, boolean delete, List<String> key, List<String> columns) {
        static Shape of(Change c) {
            return new Shape(c.table(), c.delete(), c.key(), c.delete() ? List.of() : List.copyOf(new TreeMap<>(c.columns()).keySet()));
        }
    }

    private final Connection connection;
    private final String markerTable;
    private final Map<String, Map<String, String>> columnTypes = new HashMap<>();
    private final Map<Shape, String> statements = new HashMap<>();

    ChangeApplier(Connection connection, String markerTable) {
        this.connection = connection;
        this.markerTable = markerTable;
    }

    /** Applies every change in order; the caller commits. */
    void apply(List<Change> changes) throws SQLException {
        int i = 0;
        while (i < changes.size()) {
            Shape shape = Shape.of(changes.get(i));
            String sql = statement(shape, changes.get(i));
            int j = i;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                while (j < changes.size() && Shape.of(changes.get(j)).equals(shape)) {
                    bind(ps, changes.get(j));
                    ps.addBatch();
                    j++;
                }
                ps.executeBatch();
            }
            i = j;
        }
    }

    private String statement(Shape shape, Change c) throws SQLException {
        String sql = statements.get(shape);
        if (sql == null) {
            sql = buildStatement(c);
            statements.put(shape, sql);
        }
        return sql;
    }

    private String buildStatement(Change c) throws SQLException {
        Map<String, String> types = typesOf(c.table());
        if (c.delete()) {
            List<String> conditions = new ArrayList<>();
            for (String k : c.key()) {
                conditions.add(quote(k) + " = CAST(? AS " + type(types, c, k) + ")");
            }
            return "DELETE FROM " + quote(c.table()) + " WHERE " + String.join(" AND ", conditions);
        }
        List<String> names = new ArrayList<>(new TreeMap<>(c.columns()).keySet());
        List<String> nonKey = names.stream().filter(n -> !c.key().contains(n)).toList();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(c.table())).append(" (")
                .append(names.stream().map(ChangeApplier::quote).collect(Collectors.joining(", "))).append(") VALUES (");
        List<String> values = new ArrayList<>();
        for (String n : names) {
            values.add("CAST(? AS " + type(types, c, n) + ")");
        }
        sql.append(String.join(", ", values)).append(") ON CONFLICT (")
                .append(c.key().stream().map(ChangeApplier::quote).collect(Collectors.joining(", "))).append(")");
        boolean marker = c.table().equals(markerTable) && types.containsKey("applied_at");
        if (nonKey.isEmpty() && !marker) {
            return sql.append(" DO NOTHING").toString();
        }
        List<String> sets = new ArrayList<>(nonKey.stream().map(n -> quote(n) + " = EXCLUDED." + quote(n)).toList());
        if (marker) {
            sets.add("\"applied_at\" = clock_timestamp()");
            return sql.append(" DO UPDATE SET ").append(String.join(", ", sets)).toString();
        }
        // A change that would leave the row as it is writes nothing, so it produces no change event of its own.
        String mine = nonKey.stream().map(n -> quote(c.table()) + "." + quote(n)).collect(Collectors.joining(", "));
        String theirs = nonKey.stream().map(n -> "EXCLUDED." + quote(n)).collect(Collectors.joining(", "));
        return sql.append(" DO UPDATE SET ").append(String.join(", ", sets)).append(" WHERE (").append(mine)
                .append(") IS DISTINCT FROM (").append(theirs).append(")").toString();
    }

    private void bind(PreparedStatement ps, Change c) throws SQLException {
        int index = 1;
        if (c.delete()) {
            for (String k : c.key()) {
                ps.setString(index++, c.columns().get(k));
            }
            return;
        }
        for (String n : new TreeMap<>(c.columns()).keySet()) {
            ps.setString(index++, c.columns().get(n));
        }
    }

    private Map<String, String> typesOf(String table) throws SQLException {
        Map<String, String> types = columnTypes.get(table);
        if (types != null) {
            return types;
        }
        types = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                        + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (types.isEmpty()) {
            throw new SQLException("target table " + table + " does not exist (or has no columns) in " + connection.getCatalog());
        }
        columnTypes.put(table, types);
        return types;
    }

    private static String type(Map<String, String> types, Change c, String column) throws SQLException {
        String type = types.get(column);
        if (type == null) {
            throw new SQLException("target table " + c.table() + " has no column " + column + " (columns: " + types.keySet() + ")");
        }
        return type;
    }

    static String quote(String identifier) {
        if (identifier.contains(".")) {
            String[] parts = identifier.split("\\.", 2);
            return quote(parts[0]) + "." + quote(parts[1]);
        }
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
