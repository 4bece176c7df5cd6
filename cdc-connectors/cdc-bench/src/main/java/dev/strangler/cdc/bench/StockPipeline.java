package dev.strangler.cdc.bench;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.infra.postgres.PostgresCluster;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a team gets without us: Debezium's PostgreSQL source and Debezium's JDBC sink, upserting into a plain
 * copy of the table, in one of two configurations ({@link Settings}).
 */
final class StockPipeline extends Pipeline {

    /** How the stock pipeline is configured. */
    enum Settings {
        /**
         * Debezium's defaults. Only what is needed to connect and to upsert is set: pgoutput, a slot of its own, the
         * topic prefix; the sink's connection, {@code insert.mode=upsert}, {@code primary.key.mode=record_key},
         * {@code delete.enabled} and the target table's name.
         */
        DEFAULTS("stock"),
        /**
         * Tuned as ours is wherever Debezium and Connect have the option, so that the comparison with ours
         * separates what the settings give from what our design gives (the mapping in the source, one compact
         * record per change, the ordered sink): our source's and sink's latency and throughput settings
         * ({@link ConnectorConfigs#SOURCE_TUNING}, {@link ConnectorConfigs#SINK_TUNING}, the same values), and
         * what Debezium's JDBC sink offers for throughput that ours has no counterpart for: batches as large as a
         * poll ({@code batch.size}, default 500), changes to one row within a batch reduced to its last
         * ({@code use.reduction.buffer}), and pgjdbc's rewriting of batched inserts. Left out: its batch written as
         * one {@code INSERT ... SELECT FROM unnest(...)} ({@code dialect.postgres.unnest.insert.enabled}), which in
         * Debezium 3.5.0 fails on this table's first row (a {@code timestamp} column's microseconds are sent as the
         * value: "date/time field value out of range: 1767249401000000"). Not available to it: our converter (the JDBC sink needs Kafka Connect schemas, which the JsonConverter writes
         * into every message; there is no schema registry here), and our mapping in the source (a stock pipeline
         * carries Debezium's envelope, before image and source block included).
         */
        TUNED("stock-tuned");

        final String label;

        Settings(String label) {
            this.label = label;
        }

        /** The settings whose pipeline is labelled {@code label} ({@code stock} or {@code stock-tuned}). */
        static Settings labelled(String label) {
            for (Settings s : values()) {
                if (s.label.equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no stock pipeline is labelled " + label);
        }
    }

    private final String tag;
    private final Settings settings;

    StockPipeline(
            PostgresCluster cluster,
            ConnectClient connect,
            String sourceDb,
            String targetDb,
            String tag,
            Settings settings) {
        super(cluster, connect, sourceDb, targetDb);
        this.tag = tag;
        this.settings = settings;
    }

    @Override
    String label() {
        return settings.label;
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
        if (settings == Settings.TUNED) {
            source.putAll(ConnectorConfigs.SOURCE_TUNING);
            sink.putAll(ConnectorConfigs.SINK_TUNING);
            sink.put("batch.size", ConnectorConfigs.SINK_TUNING.get("consumer.override.max.poll.records"));
            sink.put("use.reduction.buffer", "true");
            sink.put(
                    "connection.url",
                    cluster.jdbcUrl(target.database())
                            + (cluster.jdbcUrl(target.database()).contains("?") ? "&" : "?")
                            + "reWriteBatchedInserts=true");
        }
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
