package dev.strangler.cdc.bench;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.infra.postgres.PostgresCluster;
import java.sql.Connection;
import java.util.List;

/**
 * Ours: a migration plan's stream, applied as {@code strangler cdc apply} does (validated, marker
 * tables, generated connectors): Debezium's source as we configure it, the {@code MapToTarget} mapping
 * (renames, cents to decimal, a timestamp read in a zone) and the ordered sink, into the service's shape.
 */
final class OurPipeline extends Pipeline {

    private final MigrationPlan plan;
    private final MigrationPlan.Stream stream;

    OurPipeline(PostgresCluster cluster, ConnectClient connect, String sourceDb, String targetDb, String streamName) {
        super(cluster, connect, sourceDb, targetDb);
        this.plan = new PlanReader().read("bench-plan.yaml", """
                streams:
                  - name: %s
                    source: {url: "%2$s", user: %3$s, password: "%5$s"}
                    target: {url: "%4$s", user: %3$s, password: "%5$s"}
                    tables:
                %6$s""".formatted(
                        streamName,
                        cluster.jdbcUrl(sourceDb),
                        cluster.user(),
                        cluster.jdbcUrl(targetDb),
                        cluster.password(),
                        Products.PLAN_TABLE));
        this.stream = plan.streams().get(0);
    }

    @Override
    String label() {
        return "ours";
    }

    @Override
    String slot() {
        return ConnectorConfigs.slotName(stream);
    }

    @Override
    List<ConnectorConfigs.Connector> connectors() {
        return ConnectorConfigs.of(stream);
    }

    @Override
    void start() throws Exception {
        try (Connection c = cluster.connect(target.database())) {
            Products.create(c, Products.SERVICE_DDL, Products.APPLIED_AT_TRIGGER);
        }
        new CdcStreams(connect).apply("bench-plan.yaml", plan, stream);
        awaitRunning();
    }
}
