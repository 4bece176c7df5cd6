package dev.strangler.connect.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The position of the last change the stream applied, kept in the target database (one row per
 * stream in the position table) and written in the transaction that applies the changes, so the two
 * cannot disagree. Whatever makes a change arrive again (a sink task restarted from consumer offsets
 * committed before it was applied, Debezium re-sending what followed its last flushed offset, a
 * retried batch), it is at or before this position and is skipped: applied once in effect, under the
 * ownership in force at its place in the stream.
 *
 * <p>The table is created with the marker table ({@code strangler cdc apply}); it must not be in any
 * publication, or positions of one database would travel to the other.
 */
final class AppliedPosition {

    private static final Logger log = LoggerFactory.getLogger(AppliedPosition.class);

    private final Connection connection;
    private final String table;
    private final String stream;
    private Position last;
    private Position saved;

    private AppliedPosition(Connection connection, String table, String stream) {
        this.connection = connection;
        this.table = table;
        this.stream = stream;
    }

    /** No bookkeeping: every change is applied (no position table configured). */
    static AppliedPosition none(Connection connection) {
        return new AppliedPosition(connection, "", "");
    }

    /** The stream's last applied position, read from {@code table} in the target. */
    static AppliedPosition read(Connection connection, String table, String stream) throws SQLException {
        AppliedPosition position = new AppliedPosition(connection, table, stream);
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT " + PositionTable.COMMIT_LSN + "::text, " + PositionTable.LSN
                        + "::text, " + PositionTable.ORDINAL + " FROM " + ChangeApplier.quote(table) + " WHERE "
                        + PositionTable.STREAM
                        + " = ?")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    position.last = new Position(
                            Position.parse(rs.getString(1)), Position.parse(rs.getString(2)), rs.getInt(3), false);
                    position.saved = position.last;
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                // (no further query for the database's name here: the failed statement aborted the transaction)
                throw new SQLException(
                        "the position table " + table + " does not exist in the target database of stream " + stream
                                + ": `strangler cdc apply` creates it with the marker table (or set position.table empty to apply every "
                                + "change, including those applied already)",
                        e.getSQLState(),
                        e);
            }
            throw e;
        }
        return position;
    }

    /** The last position applied; null before the first. */
    Position last() {
        return last;
    }

    /**
     * The changes not applied yet, in order, the position advanced over them: a change at or before
     * the last applied position is left out, and so is one at or before a change earlier in the list
     * (duplicates appended after their originals).
     */
    List<ChangeApplier.Change> fresh(List<ChangeApplier.Change> changes) {
        if (table.isEmpty()) {
            return changes;
        }
        List<ChangeApplier.Change> fresh = new ArrayList<>(changes.size());
        int skipped = 0;
        for (ChangeApplier.Change c : changes) {
            Position p = c.position();
            if (p != null && p.appliedBy(last)) {
                skipped++;
                continue;
            }
            if (p != null && p.ordered()) {
                last = p;
            }
            fresh.add(c);
        }
        if (skipped > 0) {
            log.info(
                    "stream {}: skipped {} change(s) applied already (at or before position {})",
                    stream,
                    skipped,
                    last);
        }
        return fresh;
    }

    /** Writes the position advanced to since the last write, in the caller's transaction: one statement, or none. */
    void save() throws SQLException {
        if (table.isEmpty() || last == null || last.equals(saved)) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + ChangeApplier.quote(table) + " ("
                + PositionTable.STREAM + ", " + PositionTable.COMMIT_LSN + ", " + PositionTable.LSN + ", "
                + PositionTable.ORDINAL
                + ", " + PositionTable.APPLIED_AT
                + ") VALUES (?, CAST(? AS pg_lsn), CAST(? AS pg_lsn), ?, clock_timestamp()) "
                + "ON CONFLICT (" + PositionTable.STREAM + ") DO UPDATE SET " + PositionTable.COMMIT_LSN
                + " = EXCLUDED."
                + PositionTable.COMMIT_LSN + ", " + PositionTable.LSN + " = EXCLUDED." + PositionTable.LSN + ", "
                + PositionTable.ORDINAL + " = EXCLUDED." + PositionTable.ORDINAL + ", " + PositionTable.APPLIED_AT
                + " = EXCLUDED." + PositionTable.APPLIED_AT)) {
            ps.setString(1, stream);
            ps.setString(2, Position.text(last.commitLsn()));
            ps.setString(3, Position.text(last.lsn()));
            ps.setInt(4, last.ordinal());
            ps.executeUpdate();
        }
        saved = last;
    }
}
