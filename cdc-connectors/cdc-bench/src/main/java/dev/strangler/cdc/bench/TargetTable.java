package dev.strangler.cdc.bench;

import dev.strangler.infra.postgres.PostgresCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A pipeline's target table {@code products}, whose trigger stamps {@code applied_at} on every row it
 * inserts or changes. Arrival is polled by count (at most twice a second, so polling costs little); the
 * times reported are the stamps, so the poll interval does not blur them.
 */
final class TargetTable implements Destination {

    private final PostgresCluster cluster;
    private final String database;

    TargetTable(PostgresCluster cluster, String database) {
        this.cluster = cluster;
        this.database = database;
    }

    String database() {
        return database;
    }

    @Override
    public Applied await(long expected, long fromId, long toId, Instant since, Duration limit)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        try (Connection c = cluster.connect(database);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*), max(applied_at) FROM products WHERE id BETWEEN ? AND ? AND applied_at >= ?")) {
            ps.setLong(1, fromId);
            ps.setLong(2, toId);
            ps.setTimestamp(3, Timestamp.from(since));
            while (true) {
                long queried = System.nanoTime();
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long rows = rs.getLong(1);
                    Instant last = rs.getTimestamp(2) == null
                            ? null
                            : rs.getTimestamp(2).toInstant();
                    if (rows >= expected) {
                        return new Applied(rows, expected, last, true);
                    }
                    if (System.nanoTime() > deadline) {
                        return new Applied(rows, expected, last, false);
                    }
                }
                // Counting a million rows takes a while: poll so that probing costs at most ~10% of a core.
                Thread.sleep(Math.max(500, 10 * (System.nanoTime() - queried) / 1_000_000));
            }
        }
    }

    /** The apply time of every row of ids {@code fromId..toId} changed since {@code since}. */
    Map<Long, Instant> appliedTimes(long fromId, long toId, Instant since) throws SQLException {
        return times(
                cluster,
                database,
                "SELECT id, applied_at FROM products WHERE id BETWEEN ? AND ? AND applied_at >= ?",
                fromId,
                toId,
                since);
    }

    /** The commit time of the transaction that last wrote each row of ids {@code fromId..toId} in a source database. */
    static Map<Long, Instant> commitTimes(PostgresCluster cluster, String database, long fromId, long toId)
            throws SQLException {
        return times(
                cluster,
                database,
                "SELECT id, pg_xact_commit_timestamp(xmin) FROM products WHERE id BETWEEN ? AND ?",
                fromId,
                toId,
                null);
    }

    private static Map<Long, Instant> times(
            PostgresCluster cluster, String database, String sql, long fromId, long toId, Instant since)
            throws SQLException {
        Map<Long, Instant> out = new HashMap<>();
        try (Connection c = cluster.connect(database);
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fromId);
            ps.setLong(2, toId);
            if (since != null) {
                ps.setTimestamp(3, Timestamp.from(since));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        return out;
    }
}
