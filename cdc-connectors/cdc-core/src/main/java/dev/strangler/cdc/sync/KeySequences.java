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
 */
final class KeySequences {

    private KeySequences() {}

    /** Moves each sequence of the stream's target tables past the column's largest value; returns {@code table.column: value} for each moved. */
    static List<String> advancePastKeys(Connection c, MigrationPlan.Stream stream) throws SQLException {
        List<String> moved = new ArrayList<>();
        for (MigrationPlan.Table table : stream.tables()) {
            for (String[] owned : sequencesOf(c, table.target())) {
                String column = owned[0];
                String sequence = owned[1];
                String qualified = owned[2];
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT setval(?::regclass, m) FROM (SELECT max(" + column + ") AS m FROM " + qualified
                                + ") x WHERE m IS NOT NULL AND m > coalesce(pg_sequence_last_value(?::regclass), 0)")) {
                    ps.setString(1, sequence);
                    ps.setString(2, sequence);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            moved.add(table.target() + "." + column + ": " + rs.getLong(1));
                        }
                    }
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
