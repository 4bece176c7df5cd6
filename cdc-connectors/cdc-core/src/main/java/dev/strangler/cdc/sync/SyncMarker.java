package dev.strangler.cdc.sync;

import dev.strangler.connect.sink.MarkerTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The marker table each stream carries along with its own tables, in both databases. A row written
 * in the source travels the same ordered path as the data, so when the target shows it applied,
 * everything committed in the source before it has been applied too. It is also how lag is measured:
 * {@code applied_at - committed_at}. Rows are keyed by stream: {@code <stream>} for barriers,
 * {@code <stream>/heartbeat} written by the source connector every second, {@code <stream>/ownership}
 * for the columns handed over at a write cutover. The table has the same shape in both roles, since
 * a database that is one stream's target is the source of the stream that writes back.
 */
public final class SyncMarker {

    public static final String SOURCE_TABLE = "public." + MarkerTable.NAME;

    private SyncMarker() {}

    /** Writes a marker row, its key and token bound as parameters, stamped with the time of writing. */
    static final String UPSERT = upsert("?", "?");

    /** What the source connector runs at each heartbeat: the heartbeat marker, stamped with the commit time. */
    public static String heartbeatSql(String stream) {
        return upsert("'" + MarkerTable.heartbeatKey(stream) + "'", "'" + MarkerTable.HEARTBEAT_TOKEN + "'");
    }

    private static String upsert(String stream, String token) {
        return "INSERT INTO " + SOURCE_TABLE + " (" + String.join(", ", MarkerTable.CARRIED) + ") VALUES (" + stream
                + ", " + token + ", clock_timestamp()) ON CONFLICT (" + MarkerTable.STREAM + ") DO UPDATE SET "
                + MarkerTable.TOKEN + " = EXCLUDED." + MarkerTable.TOKEN + ", " + MarkerTable.COMMITTED_AT
                + " = EXCLUDED."
                + MarkerTable.COMMITTED_AT;
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + SOURCE_TABLE + " (" + MarkerTable.STREAM + " text PRIMARY KEY, "
                    + MarkerTable.TOKEN + " text NOT NULL, " + MarkerTable.COMMITTED_AT + " timestamptz NOT NULL, "
                    + MarkerTable.APPLIED_AT + " timestamptz NOT NULL DEFAULT clock_timestamp())");
            s.execute("ALTER TABLE " + SOURCE_TABLE + " ADD COLUMN IF NOT EXISTS " + MarkerTable.APPLIED_AT
                    + " timestamptz NOT NULL DEFAULT clock_timestamp()");
        }
    }
}
