package dev.strangler.cdc.bench;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.infra.postgres.PostgresCluster;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a team gets without us: Debezium's PostgreSQL source and Debezium's JDBC sink with their
 * defaults, upserting into a plain copy of the table. Only what is needed to connect and to upsert is
 * set: pgoutput, a slot of its own, the topic prefix; the sink's connection, {@code insert.mode=upsert},
 * {@code primary.key.mode=record_key}, {@code delete.enabled} and the target table's name.
 */
final class StockPipeline extends Pipeline {

    private final String tag;

    StockPipeline(PostgresCluster cluster, ConnectClient connect, String sourceDb, String targetDb, String tag) {
        super(cluster, connect, sourceDb, targetDb);
        this.tag = tag;
    }

    @Override
    String label() {
        return "stock";
    }

    @Override
    String slot() {
        return tag;
    }

    @Override
    List<ConnectorConfigs.Connector> connectors() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        source.put("plugin.name", "pgoutput");
        source.put("database.hostname", "127.0.0.1");
        source.put("database.port", Integer.toString(cluster.port()));
        source.put("database.dbname", sourceDb);
        source.put("database.user", cluster.user());
        source.put("database.password", cluster.password());
        source.put("topic.prefix", tag);
        source.put("slot.name", tag);
        source.put("publication.name", tag);
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        sink.put("topics", tag + ".public.products");
        sink.put("connection.url", cluster.jdbcUrl(target.database()));
        sink.put("connection.username", cluster.user());
        sink.put("connection.password", cluster.password());
        sink.put("insert.mode", "upsert");
        sink.put("primary.key.mode", "record_key");
        sink.put("delete.enabled", "true");
        sink.put("collection.name.format", "products");
        return List.of(
                new ConnectorConfigs.Connector(tag + "-sink", sink),
                new ConnectorConfigs.Connector(tag + "-source", source));
    }

    @Override
    void start() throws Exception {
        try (Connection c = cluster.connect(target.database())) {
            Products.create(c, Products.COPY_DDL, Products.APPLIED_AT_TRIGGER);
        }
        for (ConnectorConfigs.Connector c : connectors()) {
            connect.put(c.name(), c.config());
        }
        awaitRunning();
    }
}
