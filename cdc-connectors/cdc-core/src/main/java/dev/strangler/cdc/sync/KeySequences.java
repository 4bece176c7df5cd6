package dev.strangler.cdc.sync;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.connect.sink.SqlNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequences that give a target table's columns their values (serial and identity columns): a
 * stream writes every row with its source key and leaves them where they were, so before the target's
 * own code inserts (a write cutover hands it the writes) they are moved past the largest value synced.
 * Only forward, never back: a sequence already past it is left alone, so running it twice, or while
 * the target inserts rows of its own, moves nothing backwards.
 *
 * <p>Found once ({@link #of}, which reads the catalog: before a cutover holds its routes), moved in one
 * statement ({@link #advancePastKeys}, inside the hold, where every round trip keeps the writes waiting).
 *
 * @param sql        one statement that moves them all and returns {@code table.column: value} for each moved;
 *                   null when the stream's target tables have none
 * @param parameters its parameters, in order
 */
record KeySequences(String sql, List<String> parameters) {

    KeySequences {
        parameters = List.copyOf(parameters);
    }

    /** The sequences of the stream's target tables, as the target's catalog has them now. */
    static KeySequences of(Connection c, MigrationPlan.Stream stream) throws SQLException {
        List<String> branches = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        for (MigrationPlan.Table table : stream.tables()) {
            for (String[] owned : sequencesOf(c, table.target())) {
                String column = owned[0];
                branches.add("SELECT ? || ': ' || setval(?::regclass, m) FROM (SELECT max(" + column + ") AS m FROM "
                        + owned[2]
                        + ") x WHERE m IS NOT NULL AND m > coalesce(pg_sequence_last_value(?::regclass), 0)");
                parameters.addAll(List.of(table.target() + "." + column, owned[1], owned[1]));
            }
        }
        return new KeySequences(branches.isEmpty() ? null : String.join(" UNION ALL ", branches), parameters);
    }

    /** Moves each sequence past its column's largest value; returns {@code table.column: value} for each moved. */
    List<String> advancePastKeys(Connection c) throws SQLException {
        List<String> moved = new ArrayList<>();
        if (sql == null) {
            return moved;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setString(i + 1, parameters.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    moved.add(rs.getString(1));
                }
            }
        }
        return moved;
    }

    /** Each column of the table that takes its values from a sequence: quoted column, sequence, quoted table. */
    private static List<String[]> sequencesOf(Connection c, String table) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT quote_ident(a.attname), pg_get_serial_sequence(t.oid::regclass::text, a.attname), "
                        + "t.oid::regclass::text FROM (SELECT to_regclass(?) AS oid) t JOIN pg_attribute a ON a.attrelid = t.oid "
                        + "WHERE a.attnum > 0 AND NOT a.attisdropped AND pg_get_serial_sequence(t.oid::regclass::text, a.attname) IS NOT NULL")) {
            ps.setString(1, SqlNames.table(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return out;
    }
}
