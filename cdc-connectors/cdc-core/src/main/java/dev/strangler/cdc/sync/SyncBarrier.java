package dev.strangler.cdc.sync;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.cdc.plan.Databases;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.connect.sink.MarkerTable;
import dev.strangler.connect.sink.Ownership;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * "Everything committed in the source before now is applied in the target": writes a new token into
 * the stream's marker row in the source and waits until the target's marker row carries it. The
 * marker travels the same ordered path as the data (same slot, same single-partition topic, same
 * sink transaction order), so its arrival proves that every earlier commit has arrived: correct by
 * construction, not by waiting long enough. A barrier given the Kafka Connect client also watches the
 * stream's connectors while it waits, and fails at once, with the cause, when one of their tasks has
 * failed: the marker cannot arrive before someone restarts it.
 */
public final class SyncBarrier implements AutoCloseable {

    /** One open connection per database, when this barrier keeps them (see {@link #keepingConnections()}). */
    private final Map<MigrationPlan.Database, Connection> open;
    /** The stream's connectors are watched through it while waiting; null: not watched. */
    private final ConnectClient connect;

    /** A barrier that opens a connection for each step and closes it again. */
    public SyncBarrier() {
        this(null, null);
    }

    /**
     * As {@link #SyncBarrier()}, watching the stream's connectors while it waits: it fails with {@link
     * StreamFailed} as soon as one of them, or one of their tasks, has failed.
     */
    public SyncBarrier(ConnectClient connect) {
        this(null, connect);
    }

    private SyncBarrier(Map<MigrationPlan.Database, Connection> open, ConnectClient connect) {
        this.open = open;
        this.connect = connect;
    }

    /**
     * A barrier that keeps one connection per database open until {@link #close()}: for a caller that
     * passes several barriers in a row and must not pay for connecting inside a short window (a write
     * cutover opens them before it holds the routes, and the steps inside the hold reuse them).
     */
    public static SyncBarrier keepingConnections() {
        return new SyncBarrier(new HashMap<>(), null);
    }

    /** As {@link #keepingConnections()}, watching the stream's connectors while it waits (see {@link #SyncBarrier(ConnectClient)}). */
    public static SyncBarrier keepingConnections(ConnectClient connect) {
        return new SyncBarrier(new HashMap<>(), connect);
    }

    @Override
    public void close() {
        if (open != null) {
            open.values().forEach(SyncBarrier::closeQuietly);
            open.clear();
        }
    }

    private interface Step<T> {
        T run(Connection c) throws SQLException, InterruptedException;
    }

    /** Runs a step on a connection to {@code db}: the kept one (a failure drops it), or a new one closed afterwards. */
    private <T> T on(MigrationPlan.Database db, Step<T> step) throws SQLException, InterruptedException {
        if (open == null) {
            try (Connection c = Databases.connect(db)) {
                return step.run(c);
            }
        }
        Connection c = open.get(db);
        if (c == null) {
            c = Databases.connect(db);
            open.put(db, c);
        }
        try {
            return step.run(c);
        } catch (SQLException e) {
            open.remove(db);
            closeQuietly(c);
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a connection that failed
        }
    }

    /**
     * What a passed barrier measured: source commit and target apply times of the marker; for a
     * hand-over, the target's key sequences it moved past the synced keys ({@code table.column: value}).
     */
    public record Passed(
            String token, Instant committedAt, Instant appliedAt, Duration waited, List<String> sequencesAdvanced) {
        public Passed(String token, Instant committedAt, Instant appliedAt, Duration waited) {
            this(token, committedAt, appliedAt, waited, List.of());
        }

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

    /** A connector of the stream, or one of its tasks, has failed: the barrier cannot pass until it is restarted. */
    public static final class StreamFailed extends RuntimeException {
        StreamFailed(String message) {
            super(message);
        }
    }

    /** How often a watching barrier asks Kafka Connect for the stream's connectors while it waits. */
    private static final long WATCH_INTERVAL_NANOS = Duration.ofMillis(500).toNanos();

    /**
     * Whether to go on watching: a failed connector or task throws; Connect unreachable (another cluster
     * than the default URL, say) or answering otherwise ends the watching, the barrier then waits for the
     * marker alone, which is what proves the stream applied everything anyway.
     */
    private boolean watch(MigrationPlan.Stream stream) {
        List<ConnectClient.Failure> failures = new ArrayList<>();
        try {
            for (String name : List.of(ConnectorConfigs.sourceName(stream), ConnectorConfigs.sinkName(stream))) {
                ConnectClient.Status status = connect.status(name);
                if (status != null) {
                    failures.addAll(status.failures());
                }
            }
        } catch (IllegalStateException e) {
            return false;
        }
        if (!failures.isEmpty()) {
            throw new StreamFailed("stream " + stream.name() + ": "
                    + failures.stream()
                            .map(f -> "connector " + f.what() + " FAILED")
                            .collect(Collectors.joining(", "))
                    + ", the barrier cannot pass (fix the cause, then run `strangler cdc apply` "
                    + "again: it restarts failed tasks):\n    "
                    + failures.stream().map(ConnectClient.Failure::cause).collect(Collectors.joining("\n    ")));
        }
        return true;
    }

    /**
     * Opens, and keeps, the connections to the streams' source and target databases now (only for a
     * barrier keeping its connections), so that no step later connects for the first time.
     */
    public void prepare(MigrationPlan.Stream... streams) {
        if (open == null) {
            return;
        }
        for (MigrationPlan.Stream stream : streams) {
            for (MigrationPlan.Database db : List.of(stream.source(), stream.target())) {
                try {
                    on(db, c -> c.isValid(5));
                } catch (SQLException e) {
                    throw new IllegalStateException(
                            "stream " + stream.name() + ": cannot connect to " + db + ": " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public Passed await(MigrationPlan.Stream stream, Duration timeout) {
        return send(stream, stream.name(), UUID.randomUUID().toString(), timeout);
    }

    /**
     * Hands the given target columns over to the service (or, with none, back to the stream): the
     * stream stops updating them from the change committed right after everything before it. Returns
     * when the target has applied the hand-over, so it is a barrier as well.
     *
     * <p>Handing columns over means the target's own code writes from now on, and it takes new keys
     * from its sequences, which the stream never moved (it wrote every row with its source key): so
     * the target's key sequences of the stream's tables are moved past the largest synced key first
     * ({@link KeySequences}); the first insert of the new owner would collide with a synced row otherwise.
     */
    public Passed handOver(
            MigrationPlan.Stream stream, Map<String, ? extends Set<String>> targetColumns, Duration timeout) {
        Passed passed = send(stream, MarkerTable.ownershipKey(stream.name()), Ownership.format(targetColumns), timeout);
        if (targetColumns.isEmpty()) {
            return passed;
        }
        try {
            List<String> advanced = on(stream.target(), c -> KeySequences.advancePastKeys(c, stream));
            return new Passed(passed.token(), passed.committedAt(), passed.appliedAt(), passed.waited(), advanced);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot move the target's key sequences past the synced keys: "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * As {@link #handOver}, without waiting: the hand-over takes effect in the target after every change
     * committed in the source before it, and before every change after it, whenever the stream gets there.
     */
    public Instant handOverInOrder(MigrationPlan.Stream stream, Map<String, ? extends Set<String>> targetColumns) {
        return write(stream, MarkerTable.ownershipKey(stream.name()), Ownership.format(targetColumns));
    }

    private Instant write(MigrationPlan.Stream stream, String key, String token) {
        try {
            return on(stream.source(), src -> {
                try (PreparedStatement ps =
                        src.prepareStatement(SyncMarker.UPSERT + " RETURNING " + MarkerTable.COMMITTED_AT)) {
                    ps.setString(1, key);
                    ps.setString(2, token);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getTimestamp(1).toInstant();
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot write the sync marker in the source: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Passed send(MigrationPlan.Stream stream, String key, String token, Duration timeout) {
        long begin = System.nanoTime();
        // The first look at the connectors after one interval, not before the marker: a barrier inside a
        // hold usually passes sooner than that, and the two calls to Connect would make the writes wait longer.
        boolean watching = connect != null;
        Instant committedAt = write(stream, key, token);
        long deadline = begin + timeout.toNanos();
        try {
            return on(stream.target(), dst -> {
                try (PreparedStatement ps = dst.prepareStatement(
                        "SELECT " + MarkerTable.TOKEN + ", " + MarkerTable.COMMITTED_AT + ", " + MarkerTable.APPLIED_AT
                                + " FROM " + MarkerTable.NAME + " WHERE " + MarkerTable.STREAM + " = ?")) {
                    ps.setString(1, key);
                    boolean watched = watching;
                    long nextWatch = begin + WATCH_INTERVAL_NANOS;
                    while (true) {
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()
                                    && token.equals(rs.getString(1))
                                    && committedAt.equals(rs.getTimestamp(2).toInstant())) {
                                return new Passed(
                                        token,
                                        committedAt,
                                        rs.getTimestamp(3).toInstant(),
                                        Duration.ofNanos(System.nanoTime() - begin));
                            }
                        }
                        if (System.nanoTime() > deadline) {
                            throw new TimedOut("stream " + stream.name() + ": the sync marker " + key + " written at "
                                    + committedAt + " was not applied in the target within " + timeout.toMillis()
                                    + " ms; check `strangler cdc status`");
                        }
                        if (watched && System.nanoTime() > nextWatch) {
                            watched = watch(stream);
                            nextWatch = System.nanoTime() + WATCH_INTERVAL_NANOS;
                        }
                        Thread.sleep(10);
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot read the sync marker in the target: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
