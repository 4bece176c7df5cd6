package dev.strangler.cdc.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a plan against its databases before anything is applied: every source table and column
 * exists, conversions fit the column types, the source has {@code wal_level=logical}, and every
 * target table has the mapped columns and a unique key on the key columns (upserts need it).
 */
public final class PlanValidator {

    private static final Set<String> INTEGERS = Set.of("smallint", "integer", "bigint");

    public void validate(String source, MigrationPlan plan) {
        List<String> problems = new ArrayList<>();
        for (MigrationPlan.Stream stream : plan.streams()) {
            String where = "stream " + stream.name();
            try (Connection src = Databases.connect(stream.source()); Connection dst = Databases.connect(stream.target())) {
                walLevel(problems, where, src);
                for (MigrationPlan.Table t : stream.tables()) {
                    table(problems, where + ", table " + t.source(), t, src, dst);
                }
            } catch (SQLException e) {
                problems.add(where + ": cannot connect: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PlanException(source, problems);
        }
    }

    private static void walLevel(List<String> problems, String where, Connection src) throws SQLException {
        try (var rs = src.createStatement().executeQuery("SHOW wal_level")) {
            rs.next();
            if (!"logical".equals(rs.getString(1))) {
                problems.add(where + ": the source database has wal_level=" + rs.getString(1)
                        + "; change-data capture needs wal_level=logical (postgresql.conf, then restart)");
            }
        }
    }

    private static void table(List<String> problems, String where, MigrationPlan.Table t, Connection src, Connection dst)
            throws SQLException {
        Map<String, String> sourceColumns = columns(src, t.source());
        if (sourceColumns.isEmpty()) {
            problems.add(where + ": not found in the source database " + src.getCatalog());
            return;
        }
        Map<String, String> targetColumns = columns(dst, t.target());
        if (targetColumns.isEmpty()) {
            problems.add(where + ": target table " + t.target() + " not found in the target database " + dst.getCatalog()
                    + " (create it with the service's migrations first)");
        }
        t.columns().forEach((name, c) -> {
            MigrationPlan.Column col = c == null ? new MigrationPlan.Column(null, null, null, null) : c;
            String type = sourceColumns.get(name);
            String at = where + ", column " + name;
            if (type == null) {
                problems.add(at + ": not in the source table (it has " + sourceColumns.keySet() + ")");
                return;
            }
            String target = col.targetName(name);
            String targetType = targetColumns.get(target);
            if (!targetColumns.isEmpty() && targetType == null) {
                problems.add(at + ": target column " + t.target() + "." + target + " does not exist (it has " + targetColumns.keySet() + ")");
            }
            if ("cents-to-decimal".equals(col.convert())) {
                if (!INTEGERS.contains(type)) {
                    problems.add(at + ": cents-to-decimal needs an integer source column, " + name + " is " + type);
                }
                if (targetType != null && !targetType.startsWith("numeric")) {
                    problems.add(at + ": cents-to-decimal writes a decimal, but " + t.target() + "." + target + " is " + targetType);
                }
            }
            if ("decimal-to-cents".equals(col.convert())) {
                if (!type.startsWith("numeric")) {
                    problems.add(at + ": decimal-to-cents needs a numeric source column, " + name + " is " + type);
                }
                if (targetType != null && !INTEGERS.contains(targetType)) {
                    problems.add(at + ": decimal-to-cents writes integer cents, but " + t.target() + "." + target + " is " + targetType);
                }
            }
            if ("timestamp-in-zone".equals(col.convert()) && !type.startsWith("timestamp without time zone")) {
                problems.add(at + ": timestamp-in-zone needs a timestamp without time zone, " + name + " is " + type);
            }
            if ("map".equals(col.convert()) && !(type.startsWith("character") || type.equals("text"))) {
                problems.add(at + ": map needs a text column of codes, " + name + " is " + type);
            }
        });
        if (!targetColumns.isEmpty() && !hasUniqueIndexOn(dst, t.target(), t.key())) {
            problems.add(where + ": target table " + t.target() + " has no primary key or unique index on exactly " + t.key()
                    + " (upserts need one)");
        }
    }

    static Map<String, String> columns(Connection c, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    private static boolean hasUniqueIndexOn(Connection c, String table, List<String> key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_index i "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                + "WHERE i.indrelid = to_regclass(?) AND i.indisunique GROUP BY i.indexrelid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> wanted = key.stream().sorted().toList();
                while (rs.next()) {
                    List<String> cols = List.of((String[]) rs.getArray(1).getArray());
                    if (cols.equals(wanted)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
