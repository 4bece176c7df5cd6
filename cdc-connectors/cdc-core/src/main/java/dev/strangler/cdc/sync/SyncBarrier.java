package dev.strangler.cdc.sync;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.cdc.plan.Databases;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.connect.sink.MarkerTable;
import dev.strangler.connect.sink.Ownership;
import java.net.URI;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * "Everything committed in the source before now is applied in the target": writes a new token into
 * the stream's marker row in the source and waits until the target's marker row carries it. The
 * marker travels the same ordered path as the data (same slot, same single-partition topic, same
 * sink transaction order), so its arrival proves that every earlier commit has arrived: correct by
 * construction, not by waiting long enough. A barrier given the Kafka Connect client also watches the
 * stream's connectors while it waits (from another thread, so the watching never delays the moment it
 * sees the marker), and fails at once, with the cause, when one of their tasks has failed, or when
 * the worker that answered before answers no more (connection refused: it died, or is starting
 * again): the marker cannot arrive before someone restarts it, and a barrier inside a hold must not
 * hold the writes for its whole timeout waiting for that.
 */
public final class SyncBarrier implements AutoCloseable {

    /** One open connection per database, when this barrier keeps them (see {@link #keepingConnections()}). */
    private final Map<MigrationPlan.Database, Connection> open;
    /** The stream's connectors are watched through it while waiting; null: not watched. */
    private final ConnectClient connect;
    /**
     * Whether Kafka Connect answered this barrier (in {@link #prepare} or while watching): from then on,
     * a refused connection means its worker went down, not that the address names another cluster.
     */
    private volatile boolean connectAnswered;
    /**
     * The key sequences of each stream's target, by stream name, found by {@link #prepare} (only for a barrier
     * keeping its connections): a hand-over then moves them in one statement.
     */
    private final Map<String, KeySequences> sequences = new ConcurrentHashMap<>();
    /** The vigils kept now: closing the barrier ends them. */
    private final Set<Vigil> vigils = ConcurrentHashMap.newKeySet();

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
        List.copyOf(vigils).forEach(Vigil::close);
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

    /**
     * When a watching barrier first asks Kafka Connect for the stream's connectors, and then how often: a
     * barrier inside a hold usually passes before the first look; one whose worker died should give up
     * within a few hundred milliseconds, not after its timeout.
     */
    private static final Duration FIRST_LOOK = Duration.ofMillis(100);

    private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);
    /** How long one look at a connector may take: a worker that does not answer within it is not watched any more. */
    private static final Duration LOOK_TIMEOUT = Duration.ofSeconds(2);

    /**
     * What one look at a stream's source and sink connectors saw: whether Kafka Connect answered, or refused the
     * connection after it had answered before (its worker is down, or starting again); the tasks that FAILED;
     * the first connector not RUNNING (failed, paused, unassigned after a restart), as "connector X was S with
     * tasks [..]". Connect unreachable from the start (another cluster than the default URL, say), slow, or
     * answering otherwise did not answer, and is no sign either way.
     */
    private record Look(
            boolean answered, boolean refused, List<ConnectClient.Failure> failures, String notRunning, Instant at) {

        /** Why a stream that ran is interrupted now, if this look says it is. */
        Optional<String> interruption(URI connectBase) {
            if (refused) {
                return Optional.of("Kafka Connect at " + connectBase + " refused the connection at " + at);
            }
            return Optional.ofNullable(notRunning).map(what -> what + " at " + at);
        }
    }

    private Look look(MigrationPlan.Stream stream) {
        Instant at = Instant.now();
        List<ConnectClient.Failure> failures = new ArrayList<>();
        String notRunning = null;
        try {
            for (String name : List.of(ConnectorConfigs.sourceName(stream), ConnectorConfigs.sinkName(stream))) {
                ConnectClient.Status status = connect.status(name, LOOK_TIMEOUT);
                connectAnswered = true;
                if (status != null) {
                    failures.addAll(status.failures());
                    if (notRunning == null && !status.running()) {
                        notRunning =
                                "connector " + name + " was " + status.state() + " with tasks " + status.taskStates();
                    }
                }
            }
        } catch (ConnectClient.Unreachable e) {
            return new Look(false, e.refused() && connectAnswered, List.of(), null, at);
        } catch (IllegalStateException e) {
            return new Look(false, false, List.of(), null, at);
        }
        return new Look(true, false, failures, notRunning, at);
    }

    /**
     * Whether to go on watching: a failed connector or task throws, and so does a worker that answered
     * before and now refuses the connection (it is down); Connect that does not answer otherwise ends the
     * watching, the barrier then waits for the marker alone, which is what proves the stream applied
     * everything anyway.
     */
    private boolean watch(MigrationPlan.Stream stream) {
        Look look = look(stream);
        if (look.refused()) {
            throw new StreamFailed("stream " + stream.name() + ": Kafka Connect at " + connect.base()
                    + " stopped answering (connection refused): its worker is down or starting again, and "
                    + "the stream applies nothing until it runs; the barrier gives up now instead of at its "
                    + "timeout (`strangler cdc status` shows when it is back)");
        }
        if (!look.answered()) {
            return false;
        }
        if (!look.failures().isEmpty()) {
            throw new StreamFailed("stream " + stream.name() + ": "
                    + look.failures().stream()
                            .map(f -> "connector " + f.what() + " FAILED")
                            .collect(Collectors.joining(", "))
                    + ", the barrier cannot pass (fix the cause, then run `strangler cdc apply` "
                    + "again: it restarts failed tasks):\n    "
                    + look.failures().stream().map(ConnectClient.Failure::cause).collect(Collectors.joining("\n    ")));
        }
        return true;
    }

    /**
     * Watches the stream's connectors on a thread of its own while a barrier waits for its marker:
     * what stopped the wait, if anything, is kept for the waiting thread ({@link #check}).
     */
    private final class Watcher implements AutoCloseable {
        private final AtomicReference<StreamFailed> failed = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean done;

        Watcher(MigrationPlan.Stream stream) {
            thread = new Thread(() -> watchUntilDone(stream), "sync-barrier-watch-" + stream.name());
            thread.setDaemon(true);
            thread.start();
        }

        private void watchUntilDone(MigrationPlan.Stream stream) {
            try {
                Thread.sleep(FIRST_LOOK.toMillis());
                while (!done && watch(stream)) {
                    Thread.sleep(WATCH_INTERVAL.toMillis());
                }
            } catch (StreamFailed e) {
                failed.set(e);
            } catch (InterruptedException e) {
                // the barrier is over
            }
        }

        /** Throws what the watching found, if it found the stream stopped. */
        void check() {
            StreamFailed e = failed.get();
            if (e != null) {
                throw e;
            }
        }

        @Override
        public void close() {
            done = true;
            thread.interrupt();
        }
    }

    /**
     * How often a {@link Vigil} looks: a Connect worker killed and started again refuses connections for
     * seconds (its JVM starts), so a look every 200 ms cannot miss it.
     */
    private static final Duration VIGIL_INTERVAL = Duration.ofMillis(200);

    /**
     * Keeps watch over a stream's connectors from now until {@link Vigil#close()}, on a thread of its own, and
     * remembers the first interruption it saw (see {@link Vigil}). Without a Kafka Connect client it sees
     * nothing.
     */
    public Vigil keepWatch(MigrationPlan.Stream stream) {
        return new Vigil(stream);
    }

    /**
     * A watch over a stream between a barrier that passed and a barrier to come (a cutover's readiness check and
     * its hand-over inside the hold, with a wait for a quiet moment between them): whether, at any look, the
     * worker that had answered refused the connection (it died, or is starting again), or a connector or task of
     * the stream was not RUNNING (failed, paused, unassigned after a restart). A worker started again answers its
     * REST API well before its tasks apply anything, so a barrier after such an interruption may wait its whole
     * limit; the caller can give up at once instead. Connect unreachable from the start, or answering otherwise,
     * is not an interruption (as for a watching barrier).
     */
    public final class Vigil implements AutoCloseable {
        private final AtomicReference<String> interruption = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean done;

        private Vigil(MigrationPlan.Stream stream) {
            if (connect == null) {
                thread = null;
                return;
            }
            vigils.add(this);
            thread = new Thread(() -> keep(stream), "sync-barrier-vigil-" + stream.name());
            thread.setDaemon(true);
            thread.start();
        }

        private void keep(MigrationPlan.Stream stream) {
            try {
                while (!done && interruption.get() == null) {
                    look(stream);
                    Thread.sleep(VIGIL_INTERVAL.toMillis());
                }
            } catch (InterruptedException e) {
                // closed
            }
        }

        private void look(MigrationPlan.Stream stream) {
            SyncBarrier.this
                    .look(stream)
                    .interruption(connect.base())
                    .ifPresent(what -> interruption.compareAndSet(null, what));
        }

        /** The first interruption seen since the watch began ("connector ... was PAUSED ... at ..."), if any. */
        public Optional<String> interruption() {
            return Optional.ofNullable(interruption.get());
        }

        /** Ends the watch; what it saw until then stays readable. */
        @Override
        public void close() {
            done = true;
            vigils.remove(this);
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /**
     * Opens, and keeps, the connections to the streams' source and target databases now (only for a
     * barrier keeping its connections), so that no step later connects for the first time, and finds the key
     * sequences of their targets, which a hand-over then moves in one statement (see {@link #handOver}); a watching
     * barrier also looks once whether Kafka Connect answers (then a worker that stops answering while a
     * barrier waits fails that barrier at once).
     */
    public void prepare(MigrationPlan.Stream... streams) {
        if (connect != null && !connectAnswered && streams.length > 0) {
            try {
                connect.status(ConnectorConfigs.sinkName(streams[0]), LOOK_TIMEOUT);
                connectAnswered = true; // from now on, a refused connection while waiting means the worker died
            } catch (IllegalStateException e) {
                // not reachable (or not this cluster): barriers wait for their marker alone
            }
        }
        if (open == null) {
            return;
        }
        for (MigrationPlan.Stream stream : streams) {
            for (MigrationPlan.Database db : List.of(stream.source(), stream.target())) {
                try {
                    on(db, c -> c.isValid(5));
                    if (db == stream.target()) {
                        sequences.put(stream.name(), on(db, c -> KeySequences.of(c, stream)));
                    }
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
            KeySequences found = sequences.get(stream.name());
            List<String> advanced =
                    on(stream.target(), c -> (found != null ? found : KeySequences.of(c, stream)).advancePastKeys(c));
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
        Instant committedAt = write(stream, key, token);
        long deadline = begin + timeout.toNanos();
        try (Watcher watcher = connect == null ? null : new Watcher(stream)) {
            return on(stream.target(), dst -> {
                try (PreparedStatement ps = dst.prepareStatement(
                        "SELECT " + MarkerTable.TOKEN + ", " + MarkerTable.COMMITTED_AT + ", " + MarkerTable.APPLIED_AT
                                + " FROM " + MarkerTable.NAME + " WHERE " + MarkerTable.STREAM + " = ?")) {
                    ps.setString(1, key);
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
                        if (watcher != null) {
                            watcher.check();
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
