package dev.strangler.connect.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Applies changes to PostgreSQL in the order given, consecutive changes of the same shape (same table,
 * same columns, same operation) in one statement. Values arrive as text and are cast to each target
 * column's type in the statement.
 *
 * <p>Per-column ownership: after a write cutover some target columns belong to the service, and this
 * stream must stop overwriting them while it keeps inserting rows and updating the other columns.
 * Which columns are handed over travels the stream itself, as the marker row {@code <stream>/ownership}
 * (token {@code table:col,col;table:col}), so it takes effect exactly between the changes committed in
 * the source before and after it. It is read back from the target when the applier starts.
 *
 * <p>Exactly-once effect: a change at or before the {@link AppliedPosition last position applied} is
 * skipped, an ownership marker included, so a change that arrives again is never applied under an
 * ownership other than the one in force at its place in the stream.
 */
final class ChangeApplier {

    /** What a change does: insert or update by key, update only (rows the target has), delete by key. */
    enum Op {
        UPSERT,
        UPDATE,
        DELETE
    }

    /** One change to apply: columns by target name (key columns included), values as text; its source position, if known. */
    record Change(String table, Op op, List<String> key, Map<String, String> columns, Position position) {
        Change(String table, Op op, List<String> key, Map<String, String> columns) {
            this(table, op, key, columns, null);
        }
    }

    /** What decides a change's statement: same shape, same SQL, so consecutive ones share a batch. */
    private record Shape(String table, Op op, List<String> key, List<String> columns) {
        static Shape of(Change c) {
            return new Shape(
                    c.table(),
                    c.op(),
                    c.key(),
                    c.op() == Op.DELETE ? List.of() : List.copyOf(new TreeMap<>(c.columns()).keySet()));
        }

        /** Whether {@code c} has this shape (without building its shape: this runs for every change). */
        boolean fits(Change c) {
            if (!table.equals(c.table()) || op != c.op() || !key.equals(c.key())) {
                return false;
            }
            if (op == Op.DELETE) {
                return true;
            }
            if (c.columns().size() != columns.size()) {
                return false;
            }
            for (String n : columns) {
                if (!c.columns().containsKey(n)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Connection connection;
    private final String markerTable;
    private final String markerStream;
    private final Map<String, Map<String, String>> columnTypes = new HashMap<>();
    private final Map<Shape, String> statements = new HashMap<>();
    private final AppliedPosition position;
    private Map<String, Set<String>> handedOver;

    /** An applier that applies every change it is given (no position bookkeeping). */
    ChangeApplier(Connection connection, String markerTable, String markerStream) throws SQLException {
        this(connection, markerTable, markerStream, "");
    }

    /** An applier that skips changes at or before the stream's position in {@code positionTable} (empty: none). */
    ChangeApplier(Connection connection, String markerTable, String markerStream, String positionTable)
            throws SQLException {
        this.connection = connection;
        this.markerTable = markerTable;
        this.markerStream = markerStream;
        this.handedOver = Map.of();
        this.position = positionTable.isEmpty()
                ? AppliedPosition.none(connection)
                : AppliedPosition.read(connection, positionTable, markerStream);
        if (!markerTable.isEmpty() && !markerStream.isEmpty() && exists(markerTable)) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + MarkerTable.TOKEN + " FROM "
                    + quote(markerTable) + " WHERE " + MarkerTable.STREAM + " = ?")) {
                ps.setString(1, MarkerTable.ownershipKey(markerStream));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        handedOver = Ownership.parse(rs.getString(1));
                    }
                }
            }
        }
    }

    /** The target columns this stream no longer updates, by target table. */
    Map<String, Set<String>> handedOver() {
        return handedOver;
    }

    /**
     * Whether a marker change belongs to this stream. Every stream of a source database carries the
     * whole marker table, and a reverse stream carries the forward stream's markers back: applying
     * only our own keeps markers from echoing between two databases.
     */
    boolean ours(Change c) {
        if (!c.table().equals(markerTable) || markerStream.isEmpty()) {
            return true;
        }
        String stream = c.columns().get(MarkerTable.STREAM);
        return stream != null
                && (stream.equals(markerStream) || stream.startsWith(markerStream + MarkerTable.KEY_SEPARATOR));
    }

    /** The position of the last change applied (committed or in the open transaction); null before the first. */
    Position position() {
        return position.last();
    }

    /**
     * Applies in order every change not applied already (see {@link AppliedPosition}), and records the
     * position of the last, in one statement; the caller commits. Returns the changes applied. A run of consecutive changes of one shape is
     * one statement over arrays of values ({@code unnest}), not one statement per row: PostgreSQL plans
     * and runs it once, and the driver sends one message. A run holds the last change per key only (an
     * upsert or update image is the row's whole new state in the mapped columns; a statement may not
     * touch a row twice); an ownership marker ends its run, since the changes after it are applied under
     * the new ownership.
     */
    List<Change> apply(List<Change> given) throws SQLException {
        List<Change> changes = position.fresh(given);
        int i = 0;
        while (i < changes.size()) {
            Shape shape = Shape.of(changes.get(i));
            Map<List<String>, Change> run = new LinkedHashMap<>();
            Change ownership = null;
            int j = i;
            while (j < changes.size() && ownership == null && (j == i || shape.fits(changes.get(j)))) {
                Change c = changes.get(j);
                List<String> key = new ArrayList<>(c.key().size());
                for (String k : c.key()) {
                    key.add(c.columns().get(k));
                }
                run.remove(key); // the last change of a key takes the place of its earlier ones, in order
                run.put(key, c);
                j++;
                if (isOwnership(c)) {
                    ownership = c; // later changes are applied under the new ownership
                }
            }
            execute(shape, run.values());
            if (ownership != null) {
                handedOver = Ownership.parse(ownership.columns().get(MarkerTable.TOKEN));
                statements.clear();
            }
            i = j;
        }
        position.save();
        return changes;
    }

    private void execute(Shape shape, Collection<Change> run) throws SQLException {
        Change first = run.iterator().next();
        List<String> names = shape.op() == Op.DELETE ? shape.key() : shape.columns();
        String sql = statement(shape, first);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int index = 1;
            for (String n : names) {
                String[] values = new String[run.size()];
                int r = 0;
                for (Change c : run) {
                    values[r++] = c.columns().get(n);
                }
                ps.setArray(index++, connection.createArrayOf("text", values));
            }
            ps.execute();
        }
    }

    private boolean isOwnership(Change c) {
        return c.table().equals(markerTable)
                && MarkerTable.ownershipKey(markerStream).equals(c.columns().get(MarkerTable.STREAM));
    }

    private String statement(Shape shape, Change c) throws SQLException {
        String sql = statements.get(shape);
        if (sql == null) {
            sql = buildStatement(shape, c);
            statements.put(shape, sql);
        }
        return sql;
    }

    /**
     * The statement for a run of one shape: its parameters are one text array per column (in the
     * shape's column order), read as rows by {@code unnest} and cast to each target column's type.
     */
    private String buildStatement(Shape shape, Change c) throws SQLException {
        Map<String, String> types = typesOf(c.table());
        String table = quote(c.table());
        if (c.op() == Op.DELETE) {
            String keyMatch = c.key().stream()
                    .map(k -> table + "." + quote(k) + " = v." + quote(k))
                    .collect(Collectors.joining(" AND "));
            return "DELETE FROM " + table + " USING " + rows(types, c, c.key()) + " WHERE " + keyMatch;
        }
        List<String> names = shape.columns();
        String bare = c.table().startsWith("public.") ? c.table().substring("public.".length()) : c.table();
        Set<String> notMine = handedOver.getOrDefault(c.table(), handedOver.getOrDefault(bare, Set.of()));
        List<String> updated = names.stream()
                .filter(n -> !c.key().contains(n) && !notMine.contains(n))
                .toList();
        boolean marker = c.table().equals(markerTable) && types.containsKey(MarkerTable.APPLIED_AT);
        // A change that would leave the row as it is writes nothing, so it produces no change event of its
        // own: this is what keeps a change from echoing between two databases synced both ways.
        String mine = updated.stream().map(n -> table + "." + quote(n)).collect(Collectors.joining(", "));
        if (c.op() == Op.UPDATE) {
            if (updated.isEmpty()) {
                // Nothing this stream may change: a statement that takes the values and touches no row. It sets the key
                // to
                // DEFAULT, the one value PostgreSQL accepts for a key that is GENERATED ALWAYS AS IDENTITY (a
                // monolith's
                // table, written back into by a reverse stream), even in a statement that updates no row.
                String k = quote(c.key().get(0));
                return "UPDATE " + table + " SET " + k + " = DEFAULT FROM " + rows(types, c, names) + " WHERE false";
            }
            String sets =
                    updated.stream().map(n -> quote(n) + " = v." + quote(n)).collect(Collectors.joining(", "));
            String theirs = updated.stream().map(n -> "v." + quote(n)).collect(Collectors.joining(", "));
            String keyMatch = c.key().stream()
                    .map(k -> table + "." + quote(k) + " = v." + quote(k))
                    .collect(Collectors.joining(" AND "));
            return "UPDATE " + table + " SET " + sets + " FROM " + rows(types, c, names) + " WHERE " + keyMatch
                    + " AND (" + mine + ") IS DISTINCT FROM (" + theirs + ")";
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ")
                .append(table)
                .append(" (")
                .append(names.stream().map(ChangeApplier::quote).collect(Collectors.joining(", ")))
                .append(")")
                // The source's values, as they are, also into a key column that is GENERATED ALWAYS AS IDENTITY (the
                // service keeps the monolith's schema): PostgreSQL refuses them without this, and ignores it for
                // tables without one. Only a key may be such a column: an update may set it to DEFAULT alone.
                .append(" OVERRIDING SYSTEM VALUE SELECT ")
                .append(names.stream().map(n -> "v." + quote(n)).collect(Collectors.joining(", ")))
                .append(" FROM ")
                .append(rows(types, c, names))
                .append(" ON CONFLICT (")
                .append(c.key().stream().map(ChangeApplier::quote).collect(Collectors.joining(", ")))
                .append(")");
        if (updated.isEmpty()) {
            return sql.append(" DO NOTHING").toString();
        }
        List<String> sets = new ArrayList<>(
                updated.stream().map(n -> quote(n) + " = EXCLUDED." + quote(n)).toList());
        if (marker) {
            sets.add(quote(MarkerTable.APPLIED_AT) + " = clock_timestamp()");
        }
        String theirs = updated.stream().map(n -> "EXCLUDED." + quote(n)).collect(Collectors.joining(", "));
        return sql.append(" DO UPDATE SET ")
                .append(String.join(", ", sets))
                .append(" WHERE (")
                .append(mine)
                .append(") IS DISTINCT FROM (")
                .append(theirs)
                .append(")")
                .toString();
    }

    /** {@code (SELECT CAST(u.a AS type) AS a, ... FROM unnest(?::text[], ...) AS u(a, ...)) v}: the run's rows, typed. */
    private static String rows(Map<String, String> types, Change c, List<String> names) throws SQLException {
        List<String> cast = new ArrayList<>();
        List<String> arrays = new ArrayList<>();
        for (String n : names) {
            cast.add("CAST(u." + quote(n) + " AS " + type(types, c, n) + ") AS " + quote(n));
            arrays.add("CAST(? AS text[])");
        }
        return "(SELECT " + String.join(", ", cast) + " FROM unnest(" + String.join(", ", arrays) + ") AS u("
                + names.stream().map(ChangeApplier::quote).collect(Collectors.joining(", ")) + ")) v";
    }

    private boolean exists(String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
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
            throw new SQLException(
                    "target table " + table + " does not exist (or has no columns) in " + connection.getCatalog());
        }
        columnTypes.put(table, types);
        return types;
    }

    private static String type(Map<String, String> types, Change c, String column) throws SQLException {
        String type = types.get(column);
        if (type == null) {
            throw new SQLException(
                    "target table " + c.table() + " has no column " + column + " (columns: " + types.keySet() + ")");
        }
        return type;
    }

    /** Tables and columns alike, as {@link SqlNames#table}: a column whose name has a dot is not supported. */
    static String quote(String identifier) {
        return SqlNames.table(identifier);
    }
}
