package dev.strangler.cdc.bench;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.infra.postgres.PostgresCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A CDC pipeline under test: a source connector and a sink connector on the run's Connect worker,
 * reading one source database through a slot of its own and writing one target database.
 */
abstract class Pipeline implements AutoCloseable {

    final PostgresCluster cluster;
    final ConnectClient connect;
    final String sourceDb;
    final TargetTable target;

    Pipeline(PostgresCluster cluster, ConnectClient connect, String sourceDb, String targetDb) {
        this.cluster = cluster;
        this.connect = connect;
        this.sourceDb = sourceDb;
        this.target = new TargetTable(cluster, targetDb);
    }

    /** "stock" or "ours". */
    abstract String label();

    /** The connectors as submitted to Connect (passwords included: the bench cluster's own). */
    abstract List<ConnectorConfigs.Connector> connectors();

    abstract String slot();

    /** Creates the target table and submits the connectors; returns when both run. */
    abstract void start() throws Exception;

    TargetTable target() {
        return target;
    }

    void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (ConnectorConfigs.Connector c : connectors()) {
            while (true) {
                ConnectClient.Status s = connect.status(c.name());
                if (s != null && s.running()) {
                    break;
                }
                if (s != null && !s.failures().isEmpty()) {
                    throw new IllegalStateException("failed: " + s.failures());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(c.name() + " is not running after 90 s: " + s);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Fails when a connector or task of this pipeline failed (a throughput wait would otherwise just time out). */
    void checkNotFailed() {
        for (ConnectorConfigs.Connector c : connectors()) {
            ConnectClient.Status s = connect.status(c.name());
            if (s != null && !s.failures().isEmpty()) {
                throw new IllegalStateException("failed: " + s.failures());
            }
        }
    }

    /** Deletes the connectors, then drops the slot once the source connector has let go of it. */
    @Override
    public void close() throws Exception {
        for (ConnectorConfigs.Connector c : connectors()) {
            connect.delete(c.name());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection c = cluster.connect(sourceDb);
                PreparedStatement active =
                        c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?");
                PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            active.setString(1, slot());
            drop.setString(1, slot());
            while (true) {
                try (ResultSet rs = active.executeQuery()) {
                    if (!rs.next()) {
                        return;
                    }
                    if (!rs.getBoolean(1)) {
                        drop.execute();
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new SQLException("slot " + slot() + " still active 60 s after its connector was deleted");
                }
                Thread.sleep(200);
            }
        }
    }
}
