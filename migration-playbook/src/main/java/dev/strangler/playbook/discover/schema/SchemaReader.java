package dev.strangler.playbook.discover.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tables a pattern selects from PostgreSQL's catalogs ({@code pg_class}, {@code pg_attribute},
 * {@code pg_index}, {@code pg_constraint}), not from {@code information_schema}, which hides identity kinds,
 * replica identities and sizes. Partitions are left out: their parent is the table a plan names.
 */
public final class SchemaReader {

    private final Connection connection;

    public SchemaReader(Connection connection) {
        this.connection = connection;
    }

    /** The tables {@code patterns} select, by schema and name. */
    public List<SourceTable> read(List<TablePattern> patterns) throws SQLException {
        List<SourceTable> tables = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT c.oid, n.nspname, c.relname, c.oid::regclass::text, pg_total_relation_size(c.oid), "
                                + "c.reltuples::bigint, quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
                                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                + "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
                                + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' "
                                + "ORDER BY n.nspname, c.relname");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString(2);
                String name = rs.getString(3);
                if (patterns.stream().noneMatch(p -> p.matches(schema, name))) {
                    continue;
                }
                long oid = rs.getLong(1);
                tables.add(new SourceTable(
                        schema,
                        name,
                        rs.getString(7),
                        columns(oid, rs.getString(7)),
                        primaryKey(oid),
                        uniqueKeys(oid),
                        parents(oid),
                        rs.getLong(5),
                        rs.getLong(6)));
            }
        }
        return tables;
    }

    private List<SourceColumn> columns(long oid, String sqlName) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod), coalesce(e.typname, t.typname), "
                        + "t.typcategory = 'A', coalesce(e.typtype, t.typtype), a.attnotnull, a.attidentity, "
                        + "a.attgenerated <> '', pg_get_serial_sequence(?, a.attname) "
                        + "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                        + "LEFT JOIN pg_type e ON t.typcategory = 'A' AND e.oid = t.typelem "
                        + "WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, sqlName);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String identity = rs.getString(7);
                    columns.add(new SourceColumn(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getBoolean(4),
                            rs.getString(5).charAt(0),
                            rs.getBoolean(6),
                            identity == null || identity.isEmpty() ? ' ' : identity.charAt(0),
                            rs.getBoolean(8),
                            rs.getString(9)));
                }
            }
        }
        return columns;
    }

    private List<String> primaryKey(long oid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) "
                        + "FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                        + "WHERE i.indrelid = ? AND i.indisprimary")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return strings(rs.getArray(1));
            }
        }
    }

    private List<SourceTable.UniqueKey> uniqueKeys(long oid) throws SQLException {
        List<SourceTable.UniqueKey> keys = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT i.indexrelid::regclass::text, "
                + "array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) "
                + "FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                + "WHERE i.indrelid = ? AND i.indisunique AND NOT i.indisprimary AND i.indimmediate "
                + "AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL "
                + "GROUP BY i.indexrelid HAVING bool_and(a.attnotnull) ORDER BY count(*), 1")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new SourceTable.UniqueKey(rs.getString(1), strings(rs.getArray(2))));
                }
            }
        }
        return keys;
    }

    private List<String> parents(long oid) throws SQLException {
        List<String> parents = new ArrayList<>();
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT DISTINCT n.nspname || '.' || c.relname FROM pg_constraint f "
                        + "JOIN pg_class c ON c.oid = f.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE f.contype = 'f' AND f.conrelid = ? AND f.confrelid <> f.conrelid ORDER BY 1")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parents.add(rs.getString(1));
                }
            }
        }
        return parents;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
