package dev.strangler.cdc.sync;

import dev.strangler.connect.sink.PositionTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The table in a stream's target where its sink keeps the source position of the last change it
 * applied (one row per stream, written in the transaction that applies the change), so a change that
 * arrives again after a restart or a source that re-sends is skipped instead of applied a second
 * time under a later ownership. Created next to the marker table, in the target only. It is in no
 * publication: the stream that syncs back carries its own tables and the marker table, named one by
 * one, so positions never travel between the databases.
 */
public final class SyncPosition {

    private SyncPosition() {}

    static void create(Connection target) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS public." + PositionTable.NAME + " (" + PositionTable.STREAM
                    + " text PRIMARY KEY, " + PositionTable.COMMIT_LSN + " pg_lsn NOT NULL, " + PositionTable.LSN
                    + " pg_lsn NOT NULL, " + PositionTable.ORDINAL + " int NOT NULL DEFAULT 0, "
                    + PositionTable.APPLIED_AT + " timestamptz NOT NULL DEFAULT clock_timestamp())");
        }
    }
}
