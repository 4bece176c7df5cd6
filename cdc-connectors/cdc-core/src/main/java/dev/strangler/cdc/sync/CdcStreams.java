package dev.strangler.cdc.sync;

import java.sql.Connection;
import java.sql.SQLException;
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

    public List<ConnectClient.Status> status(MigrationPlan.Stream stream) {
        return java.util.stream.Stream.of(ConnectorConfigs.sourceName(stream), ConnectorConfigs.sinkName(stream))
                .map(connect::status).toList();
    }
}
