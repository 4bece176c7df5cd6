package dev.strangler.cdc.sync;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.cdc.plan.Databases;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanValidator;
import dev.strangler.cdc.plan.ReplicaIdentity;
import dev.strangler.connect.sink.MarkerTable;
import dev.strangler.connect.sink.Ownership;
import dev.strangler.connect.sink.PositionTable;
import dev.strangler.connect.sink.SqlNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Applying a plan's stream: validated first, then the marker tables and the target's position table
 * are created (idempotent), then
 * the sink and the source connectors are PUT to Kafka Connect (idempotent), and whichever of them, or
 * of their tasks, had failed is restarted (a PUT of an unchanged config restarts nothing). The sink
 * goes first so that nothing waits in the topic for a sink that is not there yet.
 */
public final class CdcStreams {

    private final ConnectClient connect;

    /** How database passwords go into the connector configs it PUTs: literally, or as config-provider references. */
    private final ConnectorConfigs.Secrets secrets;

    public CdcStreams(ConnectClient connect) {
        this(connect, ConnectorConfigs.Secrets.LITERAL);
    }

    public CdcStreams(ConnectClient connect, ConnectorConfigs.Secrets secrets) {
        this.connect = connect;
        this.secrets = secrets;
    }

    /** The Kafka Connect cluster the streams run on. */
    public ConnectClient connect() {
        return connect;
    }

    /** Returns what had failed and was restarted ({@code strangler-catalog-sink task 0}), usually nothing. */
    public List<String> apply(String planSource, MigrationPlan plan, MigrationPlan.Stream stream) {
        new PlanValidator().validate(planSource, new MigrationPlan(List.of(stream)));
        return applyValidated(stream);
    }

    /**
     * Kafka Connect keeps a source position that the source database cannot serve: the stream would
     * fail, or worse, skip changes. Nothing was changed.
     */
    public static final class PositionLost extends RuntimeException {
        PositionLost(String message) {
            super(message, null, false, false);
        }
    }

    /** As {@link #apply}, for a stream validated already. */
    public List<String> applyValidated(MigrationPlan.Stream stream) {
        requireServablePosition(stream);
        List<String> restarted = new ArrayList<>(prepare(stream));
        if (stream.isReverse()) {
            createPublicationAndSlot(stream);
        }
        restarted.addAll(startSource(stream));
        return restarted;
    }

    /**
     * Refuses to (re)start a source connector whose stored position (the LSN in Kafka Connect's
     * offsets) the source database cannot serve: its replication slot is gone, its slot begins after
     * that position (the WAL in between is gone), or the database's WAL has not even reached it (the
     * position is from another database's history). That is what a database replaced, restored from a
     * backup or failed over to a replica without the slot looks like; Debezium would fail at once, or
     * stream from a position that skips changes. The only safe way on is a new snapshot.
     */
    private void requireServablePosition(MigrationPlan.Stream stream) {
        String source = ConnectorConfigs.sourceName(stream);
        Long stored = null;
        for (JsonNode offset : connect.offsets(source)) {
            if (offset.hasNonNull("lsn")) {
                stored = offset.path("lsn").asLong();
            }
        }
        if (stored == null) {
            return;
        }
        String slot = ConnectorConfigs.slotName(stream);
        String problem;
        try (Connection src = Databases.connect(stream.source());
                PreparedStatement ps = src.prepareStatement(
                        "SELECT (SELECT pg_wal_lsn_diff(restart_lsn, '0/0')::bigint FROM pg_replication_slots "
                                + "WHERE slot_name = ?), pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long restart = rs.getLong(1);
                boolean hasSlot = !rs.wasNull();
                long current = rs.getLong(2);
                problem = !hasSlot
                        ? "its replication slot " + slot + " does not exist in the source"
                        : restart > stored
                                ? "its replication slot " + slot + " begins at " + lsn(restart)
                                        + ", after it: the WAL in between is gone"
                                : stored > current
                                        ? "the source's WAL is only at " + lsn(current)
                                                + ": the position is from another database's history"
                                        : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot read its replication slot: " + e.getMessage(), e);
        }
        if (problem != null) {
            throw new PositionLost("stream " + stream.name() + ": Kafka Connect keeps the source position "
                    + lsn(stored) + " of connector "
                    + source + ", and the source database cannot serve it: " + problem
                    + ". The database was replaced, restored or "
                    + "failed over; the stream cannot go on from where it was without losing changes. Start it over from a new snapshot: "
                    + "`strangler cdc remove --stream " + stream.name() + "`, then `strangler cdc apply --stream "
                    + stream.name()
                    + "`, then `strangler verify parity --stream " + stream.name() + "`. Nothing was changed.");
        }
    }

    private static String lsn(long value) {
        return Long.toHexString(value >>> 32).toUpperCase() + "/"
                + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }

    /** The marker tables, the position table and the sink connector (its topic stays empty until the source runs). */
    private List<String> prepare(MigrationPlan.Stream stream) {
        try (Connection src = Databases.connect(stream.source());
                Connection dst = Databases.connect(stream.target())) {
            SyncMarker.create(src);
            SyncMarker.create(dst);
            SyncPosition.create(dst);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot create the sync marker and position tables: "
                            + e.getMessage(),
                    e);
        }
        ConnectorConfigs.Connector sink = ConnectorConfigs.sink(stream, secrets);
        connect.put(sink.name(), sink.config());
        return restartFailed(sink.name());
    }

    /** Restarts the connector's failed tasks (and the connector, if it failed); returns what was restarted. */
    private List<String> restartFailed(String name) {
        ConnectClient.Status status = connect.status(name);
        if (status == null || status.failures().isEmpty()) {
            return List.of();
        }
        connect.restartFailed(name);
        return status.failures().stream().map(ConnectClient.Failure::what).toList();
    }

    /**
     * A stream without a snapshot must not miss a change committed between "apply" and the connector
     * starting: its publication and then its slot are created here, now; the source connector, whenever
     * it starts, streams from the slot's start.
     */
    private void createPublicationAndSlot(MigrationPlan.Stream stream) {
        try (Connection src = Databases.connect(stream.source())) {
            createMissingPublicationAndSlot(src, stream);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot create its publication and slot: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a reverse stream that applies nothing yet: its sink begins with every column handed over
     * (the ownership row is set in its target before the sink first reads it), its slot and source run.
     * {@link SyncBarrier#handOverInOrder} with no columns later makes it apply exactly the changes
     * committed in its source after that marker. A write cutover does this before it holds writes, so
     * the hold only waits for the forward stream's barrier.
     */
    public void startInert(MigrationPlan.Stream stream) {
        try (Connection dst = Databases.connect(stream.target());
                PreparedStatement ps = dst.prepareStatement(SyncMarker.UPSERT)) {
            SyncMarker.create(dst);
            ps.setString(1, MarkerTable.ownershipKey(stream.name()));
            ps.setString(2, Ownership.format(ColumnOwnership.everything(stream)));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot hand its columns over in its target: " + e.getMessage(), e);
        }
        applyValidated(stream);
    }

    /** PUTs the source connector: the stream runs from then on. Returns what had failed and was restarted. */
    public List<String> startSource(MigrationPlan.Stream stream) {
        ConnectorConfigs.Connector source = ConnectorConfigs.source(stream, secrets);
        connect.put(source.name(), source.config());
        return restartFailed(source.name());
    }

    /** Creates the stream's publication and replication slot in {@code src}, each unless it exists already. */
    private static void createMissingPublicationAndSlot(Connection src, MigrationPlan.Stream stream)
            throws SQLException {
        String name = ConnectorConfigs.slotName(stream);
        try (Statement s = src.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_publication WHERE pubname = '" + name + "'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    s.execute("CREATE PUBLICATION " + name + " FOR TABLE "
                            + String.join(
                                    ", ",
                                    ConnectorConfigs.sourceTables(stream).stream()
                                            .map(SqlNames::table)
                                            .toList()));
                }
            }
            try (ResultSet rs =
                    s.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + name + "'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    s.execute("SELECT pg_create_logical_replication_slot('" + name + "', 'pgoutput')");
                }
            }
        }
    }

    /**
     * Takes a stream down for good: both connectors stopped and removed with their offsets, then the
     * replication slot (which would otherwise hold WAL back in the source forever) and the
     * publication dropped. The databases' data stays as it is.
     */
    public List<String> remove(MigrationPlan.Stream stream, Duration timeout) {
        List<String> done = new ArrayList<>();
        // The source's offsets go with its slot: a source applied again starts from a new slot. The sink
        // keeps its consumer group's position at the end of the stream's topic, which outlives the stream
        // (Connect's REST API cannot delete topics): a stream applied again under this name must not replay
        // the changes and ownership markers of its earlier run from the topic's beginning (a write cutover
        // would write the service's old values back into the monolith).
        String source = ConnectorConfigs.sourceName(stream);
        for (String name : List.of(source, ConnectorConfigs.sinkName(stream))) {
            if (connect.status(name) != null) {
                connect.remove(name, timeout, name.equals(source));
                done.add("connector " + name + " removed");
            }
        }
        String slot = ConnectorConfigs.slotName(stream);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection src = Databases.connect(stream.source());
                Statement s = src.createStatement()) {
            while (true) {
                try (ResultSet rs =
                        s.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
                    if (!rs.next()) {
                        break;
                    }
                    if (!rs.getBoolean(1)) {
                        s.execute("SELECT pg_drop_replication_slot('" + slot + "')");
                        done.add("replication slot " + slot + " dropped");
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replication slot " + slot + " is still in use after "
                            + timeout.toMillis() + " ms; is another connector reading it?");
                }
                Thread.sleep(100);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_publication WHERE pubname = '" + slot + "'")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    s.execute("DROP PUBLICATION " + slot);
                    done.add("publication " + slot + " dropped");
                }
            }
            // Its markers in the source go too, and the marker table with them once no stream uses it.
            deleteRows(
                    src,
                    "DELETE FROM " + SyncMarker.SOURCE_TABLE + " WHERE " + MarkerTable.STREAM + " = ? OR "
                            + MarkerTable.STREAM + " LIKE ?",
                    stream.name(),
                    stream.name() + MarkerTable.KEY_SEPARATOR + "%");
            if (dropIfUnused(src, MarkerTable.NAME)) {
                done.add("marker table " + MarkerTable.NAME + " dropped from the source (no stream uses it)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot drop the slot or publication: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // The stream's markers in the target (barrier, heartbeat, ownership) go too: a stream applied
        // again later under the same name starts owning all its columns. So does its applied position:
        // it starts clean, whatever source it reads then.
        try (Connection dst = Databases.connect(stream.target())) {
            if (deleteRows(
                    dst,
                    "DELETE FROM " + MarkerTable.NAME + " WHERE " + MarkerTable.STREAM + " = ? OR " + MarkerTable.STREAM
                            + " LIKE ?",
                    stream.name(),
                    stream.name() + MarkerTable.KEY_SEPARATOR + "%")) {
                done.add("its markers in the target deleted");
            }
            if (deleteRows(
                    dst,
                    "DELETE FROM " + PositionTable.NAME + " WHERE " + PositionTable.STREAM + " = ?",
                    stream.name())) {
                done.add("its applied position in the target deleted");
            }
            for (String table : List.of(MarkerTable.NAME, PositionTable.NAME)) {
                if (dropIfUnused(dst, table)) {
                    done.add("table " + table + " dropped from the target (no stream uses it)");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot delete its markers and position in the target: "
                            + e.getMessage(),
                    e);
        }
        return done;
    }

    /**
     * Drops one of the toolkit's own tables in {@code public} once no stream uses it: it has no row left
     * (each stream keeps its rows there while it exists) and no publication publishes it (the marker
     * table of a database that is the source of another stream). True when it dropped it.
     */
    private static boolean dropIfUnused(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT to_regclass(?) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_publication_tables "
                        + "WHERE schemaname = 'public' AND tablename = ?)")) {
            ps.setString(1, "public." + table);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM public." + table + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return false;
                }
            }
            s.execute("DROP TABLE public." + table);
            return true;
        }
    }

    /** Whether the statement deleted rows; a table that does not exist has none to delete. */
    private static boolean deleteRows(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * WAL a slot may hold back before status warns; an inactive slot warns from {@link #INACTIVE_WARN_BYTES}. The
     * alert rules in {@code deploy/monitoring/strangler-alerts.yml} use the same two thresholds.
     */
    public static final long RETAINED_WARN_BYTES = 1L << 30;

    static final long INACTIVE_WARN_BYTES = 64L << 20;

    /** How long {@link #observe} waits for Kafka Connect's answer: a scrape must not hang on a worker that hangs. */
    static final Duration OBSERVE_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Connector states (a failed task with the cause from its trace), slot health, the replica identity
     * of the published tables, and the lag of a marker sent now (this writes the stream's marker row in
     * the source once, when both connectors are deployed). A reverse stream that has neither connectors
     * nor a slot is not applied yet (it starts at the write cutover): nothing to warn about. Fails when
     * Kafka Connect or a database cannot be read.
     */
    public StreamStatus status(MigrationPlan.Stream stream, Duration lagTimeout) {
        return look(stream, new Look(false), lagTimeout);
    }

    /**
     * What {@link #status} shows but the lag of a marker sent now: it writes nothing (no marker in the
     * source), so it can look every few seconds, as the metrics exporter does. The continuous lag is the
     * heartbeat's. A part it cannot read (Kafka Connect, the source or the target database down or
     * refusing) is left out and named in {@link StreamStatus#unreadable()}, with a note why; the other
     * parts are read all the same. Kafka Connect gets {@link #OBSERVE_CONNECT_TIMEOUT} to answer.
     */
    public StreamStatus observe(MigrationPlan.Stream stream) {
        return look(stream, new Look(true), null);
    }

    /** Status, and with {@code markerTimeout} (not null) the lag of a marker sent now. */
    private StreamStatus look(MigrationPlan.Stream stream, Look look, Duration markerTimeout) {
        Duration connectTimeout = look.tolerant ? OBSERVE_CONNECT_TIMEOUT : ConnectClient.DEFAULT_TIMEOUT;
        // The connectors by name, null for one not deployed; null altogether when Connect could not be read.
        Map<String, ConnectClient.Status> deployed =
                look.read(StreamStatus.Part.CONNECT, () -> deployedConnectors(stream, connectTimeout));
        StreamStatus.SlotHealth slot = look.read(StreamStatus.Part.SOURCE, () -> slot(stream));
        List<ConnectClient.Status> connectors = deployed == null
                ? List.of()
                : deployed.values().stream().filter(Objects::nonNull).toList();
        if (stream.isReverse() && deployed != null && connectors.isEmpty() && slot != null && !slot.exists()) {
            return new StreamStatus(stream.name(), false, connectors, slot, null, null, List.of());
        }
        List<String> notes = look.notes;
        List<String> missing = new ArrayList<>();
        if (deployed != null) {
            deployed.forEach((name, s) -> {
                if (s == null) {
                    missing.add(name);
                } else {
                    connectorNotes(name, s, notes);
                }
            });
        }
        missing.forEach(name -> notes.add("connector " + name + " is not deployed: run `strangler cdc apply"
                + (stream.isReverse() ? " --stream " + stream.name() : "") + "`"));
        if (slot != null) {
            slotNotes(stream, slot, deployed != null && connectors.isEmpty(), notes);
        }
        if (look.readable(StreamStatus.Part.SOURCE)) {
            look.read(StreamStatus.Part.SOURCE, () -> {
                replicaIdentities(stream, notes);
                return null;
            });
        }
        Duration lag = null;
        if (markerTimeout != null && missing.isEmpty()) {
            try {
                lag = new SyncBarrier(connect).await(stream, markerTimeout).lag();
            } catch (SyncBarrier.TimedOut e) {
                notes.add("a marker sent now did not arrive within " + markerTimeout.toMillis()
                        + " ms: the stream is stalled or far behind");
            } catch (SyncBarrier.StreamFailed e) {
                // noted above, with the cause
            }
        }
        StreamStatus.Heartbeat heartbeat = look.read(StreamStatus.Part.TARGET, () -> heartbeat(stream));
        if (heartbeat == null) {
            if (look.readable(StreamStatus.Part.TARGET)) {
                notes.add("no heartbeat has reached the target yet");
            }
        } else if (heartbeat.age().compareTo(HEARTBEAT_STALE) > 0) {
            notes.add("the last heartbeat reached the target " + heartbeat.age().toSeconds()
                    + " s ago: the stream is stalled or far behind");
        }
        return new StreamStatus(stream.name(), true, connectors, slot, lag, heartbeat, notes, look.unreadable);
    }

    /**
     * The reads of one look at a stream: {@link #status} lets a failed read fail it, {@link #observe}
     * ({@code tolerant}) notes it, names the part it could not read and goes on.
     */
    private static final class Look {
        final boolean tolerant;
        final List<String> notes = new ArrayList<>();
        final Map<StreamStatus.Part, String> unreadable = new EnumMap<>(StreamStatus.Part.class);

        Look(boolean tolerant) {
            this.tolerant = tolerant;
        }

        /** What {@code reading} returns; when tolerant and it fails, null, with the part noted as unreadable. */
        <T> T read(StreamStatus.Part part, Supplier<T> reading) {
            try {
                return reading.get();
            } catch (RuntimeException e) {
                if (!tolerant) {
                    throw e;
                }
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                if (unreadable.putIfAbsent(part, why) == null) {
                    notes.add("cannot read " + part.description() + ": " + why);
                }
                return null;
            }
        }

        boolean readable(StreamStatus.Part part) {
            return !unreadable.containsKey(part);
        }
    }

    /** The source's and the sink's status by name, in that order; null for one Kafka Connect does not know. */
    private Map<String, ConnectClient.Status> deployedConnectors(MigrationPlan.Stream stream, Duration timeout) {
        Map<String, ConnectClient.Status> deployed = new LinkedHashMap<>();
        for (String name : List.of(ConnectorConfigs.sourceName(stream), ConnectorConfigs.sinkName(stream))) {
            deployed.put(name, connect.status(name, timeout));
        }
        return deployed;
    }

    private static void connectorNotes(String name, ConnectClient.Status s, List<String> notes) {
        for (ConnectClient.Failure f : s.failures()) {
            notes.add("connector " + f.what()
                    + " FAILED (fix the cause, then run `strangler cdc apply` again: it restarts failed "
                    + "tasks):\n    " + f.cause());
        }
        if (s.failures().isEmpty() && !s.running()) {
            notes.add("connector " + name + " is " + s.state() + " (tasks " + s.taskStates() + ")");
        }
    }

    /** {@code noConnector}: Kafka Connect was read, and has neither of the stream's connectors. */
    private static void slotNotes(
            MigrationPlan.Stream stream, StreamStatus.SlotHealth slot, boolean noConnector, List<String> notes) {
        String slotName = ConnectorConfigs.slotName(stream);
        if (!slot.exists()) {
            notes.add("replication slot " + slotName + " does not exist in the source");
        } else if (noConnector && !slot.active()) {
            // Left behind (a cutover stopped half-way, a removal failed): nothing will ever read it.
            notes.add(
                    "WARNING: replication slot " + slotName + " is INACTIVE and no connector of stream " + stream.name()
                            + " is deployed: it holds back " + (slot.retainedWalBytes() >> 10)
                            + " KiB of WAL in the source, more with every "
                            + "write, until it is dropped (`strangler cdc remove --stream " + stream.name()
                            + "`) or the stream applied again");
        } else if (slot.retainedWalBytes() > RETAINED_WARN_BYTES
                || (!slot.active() && slot.retainedWalBytes() > INACTIVE_WARN_BYTES)) {
            notes.add("WARNING: replication slot " + slotName + " is " + (slot.active() ? "active" : "INACTIVE")
                    + " and holds back " + (slot.retainedWalBytes() >> 20)
                    + " MiB of WAL in the source; the source's disk fills "
                    + "until the stream catches up" + (slot.active() ? "" : " or the slot is dropped"));
        }
    }

    /**
     * A table published with a replica identity can lose it later (its primary key dropped, REPLICA
     * IDENTITY changed): from then on PostgreSQL refuses every UPDATE and DELETE on it in the source.
     */
    private static void replicaIdentities(MigrationPlan.Stream stream, List<String> notes) {
        try (Connection src = Databases.connect(stream.source())) {
            for (MigrationPlan.Table t : stream.tables()) {
                for (String p : ReplicaIdentity.problems(src, t)) {
                    notes.add("WARNING: source table " + t.source() + (p.startsWith("has ") ? " " : ": ") + p);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot read the replica identity of its source tables: "
                            + e.getMessage(),
                    e);
        }
    }

    static final Duration HEARTBEAT_STALE = Duration.ofSeconds(30);

    private static StreamStatus.Heartbeat heartbeat(MigrationPlan.Stream stream) {
        try (Connection dst = Databases.connect(stream.target());
                PreparedStatement ps = dst.prepareStatement("SELECT (extract(epoch FROM " + MarkerTable.APPLIED_AT
                        + " - "
                        + MarkerTable.COMMITTED_AT + ") * 1000)::bigint, (extract(epoch FROM clock_timestamp() - "
                        + MarkerTable.APPLIED_AT + ") * 1000)::bigint FROM " + MarkerTable.NAME + " WHERE "
                        + MarkerTable.STREAM + " = ?")) {
            ps.setString(1, MarkerTable.heartbeatKey(stream.name()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new StreamStatus.Heartbeat(Duration.ofMillis(rs.getLong(1)), Duration.ofMillis(rs.getLong(2)))
                        : null;
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return null; // no marker table in the target: the stream was never applied
            }
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot read the heartbeat marker in the target: " + e.getMessage(),
                    e);
        }
    }

    private static StreamStatus.SlotHealth slot(MigrationPlan.Stream stream) {
        try (Connection src = Databases.connect(stream.source());
                PreparedStatement ps = src.prepareStatement(
                        "SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), "
                                + "coalesce(confirmed_flush_lsn, restart_lsn))::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, ConnectorConfigs.slotName(stream));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new StreamStatus.SlotHealth(true, rs.getBoolean(1), rs.getLong(2))
                        : new StreamStatus.SlotHealth(false, false, 0);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "stream " + stream.name() + ": cannot read the replication slot: " + e.getMessage(), e);
        }
    }
}
