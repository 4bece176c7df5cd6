package dev.strangler.cdc.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.cdc.plan.Databases;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanValidator;

/**
 * Applying a plan's stream: validated first, then the marker tables are created (idempotent), then
 * the sink and the source connectors are PUT to Kafka Connect (idempotent). The sink goes first so
 * that nothing waits in the topic for a sink that is not there yet.
 */
public final class CdcStreams {

    private final ConnectClient connect;

    public CdcStreams(ConnectClient connect) {
        this.connect = connect;
    }

    public void apply(String planSource, MigrationPlan plan, MigrationPlan.Stream stream) {
        new PlanValidator().validate(planSource, new MigrationPlan(List.of(stream)));
        try (Connection src = Databases.connect(stream.source()); Connection dst = Databases.connect(stream.target())) {
            SyncMarker.createInSource(src);
            SyncMarker.createInTarget(dst);
        } catch (SQLException e) {
            throw new IllegalStateException("stream " + stream.name() + ": cannot create the sync marker tables: " + e.getMessage(), e);
        }
        ConnectorConfigs.Connector source = ConnectorConfigs.source(stream);
        ConnectorConfigs.Connector sink = ConnectorConfigs.sink(stream);
        connect.put(sink.name(), sink.config());
        connect.put(source.name(), source.config());
    }

    /** WAL a slot may hold back before status warns; an inactive slot warns from {@link #INACTIVE_WARN_BYTES}. */
    public static final long RETAINED_WARN_BYTES = 1L << 30;
    static final long INACTIVE_WARN_BYTES = 64L << 20;

    /**
     * Connector states, slot health and the lag of a marker sent now (this writes the stream's marker
     * row in the source once).
     */
    public StreamStatus status(MigrationPlan.Stream stream, Duration lagTimeout) {
        List<String> notes = new ArrayList<>();
        List<ConnectClient.Status> connectors = new ArrayList<>();
        for (String name : List.of(ConnectorConfigs.sourceName(stream), ConnectorConfigs.sinkName(stream))) {
            ConnectClient.Status s = connect.status(name);
            if (s == null) {
                notes.add("connector " + name + " is not deployed: run `strangler cdc apply`");
                continue;
            }
            connectors.add(s);
            if (!s.running()) {
                notes.add("connector " + name + " is " + s.state() + " (tasks " + s.taskStates() + ")"
                        + (s.trace() == null ? "" : ": " + s.trace().lines().findFirst().orElse("")));
            }
        }
        StreamStatus.SlotHealth slot = slot(stream);
        if (!slot.exists()) {
            notes.add("replication slot " + ConnectorConfigs.slotName(stream) + " does not exist in the source");
        } else if (slot.retainedWalBytes() > RETAINED_WARN_BYTES || (!slot.active() && slot.retainedWalBytes() > INACTIVE_WARN_BYTES)) {
            notes.add("WARNING: replication slot " + ConnectorConfigs.slotName(stream) + " is " + (slot.active() ? "active" : "INACTIVE")
                    + " and holds back " + (slot.retainedWalBytes() >> 20) + " MiB of WAL in the source; the source's disk fills "
                    + "until the stream catches up" + (slot.active() ? "" : " or the slot is dropped"));
        }
        Duration lag = null;
        try {
            lag = new SyncBarrier().await(stream, lagTimeout).lag();
        } catch (SyncBarrier.TimedOut e) {
            notes.add("a marker sent now did not arrive within " + lagTimeout.toMillis() + " ms: the stream is stalled or far behind");
        }
        return new StreamStatus(stream.name(), connectors, slot, lag, notes);
    }

    private static StreamStatus.SlotHealth slot(MigrationPlan.Stream stream) {
        try (Connection src = Databases.connect(stream.source());
                PreparedStatement ps = src.prepareStatement("SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), "
                        + "coalesce(confirmed_flush_lsn, restart_lsn))::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, ConnectorConfigs.slotName(stream));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new StreamStatus.SlotHealth(true, rs.getBoolean(1), rs.getLong(2))
                        : new StreamStatus.SlotHealth(false, false, 0);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("stream " + stream.name() + ": cannot read the replication slot: " + e.getMessage(), e);
        }
    }
}
