package dev.strangler.cdc.plan;

import dev.strangler.connect.sink.SqlNames;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A source table's replica identity: what PostgreSQL writes to the WAL about the old row of an update
 * or delete, and so all a delete carries to the target. It is the primary key's columns ({@code
 * DEFAULT}), the columns of one unique index ({@code USING INDEX}), the whole old row ({@code FULL}),
 * or nothing. PostgreSQL refuses every UPDATE and DELETE on a published table that has none ("cannot
 * update table ... because it does not have a replica identity and publishes updates"): in the
 * monolith that breaks the application, so a stream must never publish such a table. A stream's key
 * must be the identity (or the identity {@code FULL}), or a delete arrives without the values the
 * sink finds the target row by.
 *
 * @param kind    {@code relreplident}: d (default), i (index), f (full), n (nothing)
 * @param index   the index the identity uses (the primary key's for {@code DEFAULT}), or null when there is none
 * @param columns that index's columns, empty when there is none or the identity is {@code FULL}
 */
public record ReplicaIdentity(char kind, String index, List<String> columns) {

    /** The identity of {@code table} (schema.table), or empty when the table does not exist. */
    public static Optional<ReplicaIdentity> of(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relreplident::text, i.indexrelid::regclass::text, "
                + "(SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) FROM pg_attribute a "
                + " WHERE a.attrelid = c.oid AND a.attnum = ANY(i.indkey)) "
                + "FROM pg_class c LEFT JOIN pg_index i ON i.indrelid = c.oid "
                + " AND CASE c.relreplident WHEN 'd' THEN i.indisprimary WHEN 'i' THEN i.indisreplident ELSE false END "
                + "WHERE c.oid = to_regclass(?)")) {
            ps.setString(1, SqlNames.table(table));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new ReplicaIdentity(rs.getString(1).charAt(0), rs.getString(2), strings(rs.getArray(3))));
            }
        }
    }

    /**
     * What keeps {@code table} from being a stream's source, each a sentence a person can act on (the
     * statement that fixes it included); empty when nothing does. Checked by the plan's validation
     * before anything is applied, and by {@code strangler cdc status} for a table already published.
     */
    public static List<String> problems(Connection src, MigrationPlan.Table table) throws SQLException {
        Optional<ReplicaIdentity> found = of(src, table.source());
        if (found.isEmpty()) {
            return List.of();
        }
        ReplicaIdentity identity = found.get();
        List<String> key = sourceColumnsOf(table);
        String t = table.source();
        String sql = SqlNames.shown(t);
        String keySql = String.join(", ", key.stream().map(SqlNames::shown).toList());
        List<String> problems = new ArrayList<>();
        if (!identity.exists()) {
            String fix = usableIndex(src, t, key)
                    .map(i -> "ALTER TABLE " + sql + " REPLICA IDENTITY USING INDEX " + i)
                    .orElse(
                            identity.kind() == 'n'
                                            && primaryKey(src, t)
                                                    .map(pk -> new HashSet<>(pk).equals(new HashSet<>(key)))
                                                    .orElse(false)
                                    ? "ALTER TABLE " + sql + " REPLICA IDENTITY DEFAULT"
                                    : "ALTER TABLE " + sql + " ADD PRIMARY KEY (" + keySql + ")");
            problems.add(
                    "has no replica identity (" + identity.why() + "): PostgreSQL refuses every UPDATE and DELETE on a "
                            + "published table without one, in the source database; give it one: " + fix
                            + "; or ALTER TABLE " + sql
                            + " REPLICA IDENTITY FULL (every update and delete then writes the whole old row to the WAL; "
                            + "the plan's key " + table.key() + " must then still tell the rows apart: a unique index "
                            + "on it in the target, NOT NULL); or leave the table out of the plan");
        } else if (identity.kind() != 'f'
                && !"update-only".equals(table.apply())
                && !new HashSet<>(identity.columns()).equals(new HashSet<>(key))) {
            // An update-only table never deletes, and an update's new row carries every column: any key finds its row.
            String fix = usableIndex(src, t, key)
                    .map(i -> "ALTER TABLE " + sql + " REPLICA IDENTITY USING INDEX " + i)
                    .orElse("ALTER TABLE " + sql + " REPLICA IDENTITY FULL");
            problems.add("key " + table.key() + " is not the source's replica identity, " + identity.describe()
                    + ": a delete "
                    + "carries only the identity's columns, so the target row could not be found by " + table.key()
                    + "; key the "
                    + "table by the target columns of (" + String.join(", ", identity.columns()) + "), or make ("
                    + String.join(", ", key) + ") the identity: " + fix);
        }
        return problems;
    }

    /** Whether updates and deletes of the table are allowed once it is published. */
    public boolean exists() {
        return kind == 'f' || index != null;
    }

    private String why() {
        return switch (kind) {
            case 'n' -> "REPLICA IDENTITY NOTHING";
            case 'i' -> "REPLICA IDENTITY USING INDEX, but that index was dropped";
            default -> "no primary key, REPLICA IDENTITY DEFAULT";
        };
    }

    private String describe() {
        return (kind == 'd' ? "its primary key" : "the index " + index) + " (" + String.join(", ", columns) + ")";
    }

    /** The source columns the plan's key is mapped from, in the key's order. */
    private static List<String> sourceColumnsOf(MigrationPlan.Table table) {
        List<String> columns = new ArrayList<>();
        for (String k : table.key()) {
            for (Map.Entry<String, MigrationPlan.Column> c : table.columns().entrySet()) {
                String target = c.getValue() == null ? c.getKey() : c.getValue().targetName(c.getKey());
                if (target.equals(k)) {
                    columns.add(c.getKey());
                }
            }
        }
        return columns;
    }

    /** A unique index on exactly {@code columns} that PostgreSQL accepts as replica identity (not partial, immediate, NOT NULL columns). */
    private static Optional<String> usableIndex(Connection c, String table, List<String> columns) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT i.indexrelid::regclass::text, array_agg(a.attname::text) FROM pg_index i "
                        + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                        + "WHERE i.indrelid = to_regclass(?) AND i.indisunique AND i.indimmediate AND i.indisvalid AND i.indpred IS NULL "
                        + "AND i.indexprs IS NULL GROUP BY i.indexrelid HAVING bool_and(a.attnotnull) ORDER BY 1")) {
            ps.setString(1, SqlNames.table(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (new HashSet<>(strings(rs.getArray(2))).equals(new HashSet<>(columns))) {
                        return Optional.of(rs.getString(1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> primaryKey(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) "
                        + "FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                        + "WHERE i.indrelid = to_regclass(?) AND i.indisprimary")) {
            ps.setString(1, SqlNames.table(table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<String> columns = strings(rs.getArray(1));
                return columns.isEmpty() ? Optional.empty() : Optional.of(columns);
            }
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
