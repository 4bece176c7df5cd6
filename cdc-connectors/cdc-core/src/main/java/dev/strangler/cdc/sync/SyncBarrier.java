package dev.strangler.cdc.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.strangler.cdc.plan.Databases;
import dev.strangler.cdc.plan.MigrationPlan;

/**
 * "Everything committed in the source before now is applied in the target": writes a new token into
 * the stream's marker row in the source and waits until the target's marker row carries it. The
 * marker travels the same ordered path as the data (same slot, same single-partition topic, same
 * sink transaction order), so its arrival proves that every earlier commit has arrived: correct by
 * construction, not by waiting long enough.
 */
public final class SyncBarrier {

    /** What a passed barrier measured: source commit and target apply times of the marker. */
    public record Passed(String token, Instant committedAt, Instant appliedAt, Duration waited) {
        public Duration lag() {
            return Duration.between(committedAt, appliedAt);
        }
    }

    /** The barrier did not pass in time. */
    public static final class TimedOut extends RuntimeException {
        TimedOut(String message) {
            super(message);
        }
    }

    public Passed await(MigrationPlan.Stream stream, Duration timeout) {
        long begin = System.nanoTime();
        String token = UUID.randomUUID().toString();
        Instant committedAt;
        try (Connection src = Databases.connect(stream.source());
                PreparedStatement ps = src.prepareStatement("INSERT INTO " + SyncMarker.SOURCE_TABLE
                        + " (stream, token, committed_at) VALUES (?, ?, clock_timestamp()) ON CONFLICT (stream) DO UPDATE SET "
                        + "token = EXCLUDED.token, committed_at = EXCLUDED.committed_at RETURNING committed_at")) {
            ps.setString(1, stream.name());
            ps.setString(2, token);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                committedAt = rs.getTimestamp(1).toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("stream " + stream.name() + ": cannot write the sync marker in the source: " + e.getMessage(), e);
        }
        long deadline = begin + timeout.toNanos();
        try (Connection dst = Databases.connect(stream.target());
                PreparedStatement ps = dst.prepareStatement("SELECT token, applied_at FROM " + SyncMarker.TABLE + " WHERE stream = ?")) {
            ps.setString(1, stream.name());
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && token.equals(rs.getString(1))) {
                        return new Passed(token, committedAt, rs.getTimestamp(2).toInstant(), Duration.ofNanos(System.nanoTime() - begin));
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new TimedOut("stream " + stream.name() + ": the sync marker written at " + committedAt
                            + " was not applied in the target within " + timeout.toMillis() + " ms; check `strangler cdc status`");
                }
                Thread.sleep(20);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("stream " + stream.name() + ": cannot read the sync marker in the target: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
