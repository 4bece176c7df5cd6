package dev.strangler.cdc.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The marker table each stream carries along with its own tables, in both databases. A row written
 * in the source travels the same ordered path as the data, so when the target shows it applied,
 * everything committed in the source before it has been applied too. It is also how lag is measured:
 * {@code applied_at - committed_at}.
 */
public final class SyncMarker {

    public static final String TABLE = "strangler_sync_marker";
    public static final String SOURCE_TABLE = "public." + TABLE;

    private SyncMarker() {
    }

    static void createInSource(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + SOURCE_TABLE + " (stream text PRIMARY KEY, token text NOT NULL, "
                    + "committed_at timestamptz NOT NULL)");
        }
    }

    static void createInTarget(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (stream text PRIMARY KEY, token text NOT NULL, "
                    + "committed_at timestamptz NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())");
        }
    }
}
