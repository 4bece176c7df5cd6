package dev.strangler.cdc.connect;

import dev.strangler.cdc.plan.JdbcUrl;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.sync.SyncMarker;
import dev.strangler.connect.sink.MarkerTable;
import dev.strangler.connect.sink.PositionTable;
import dev.strangler.connect.transforms.MapToTarget;
import dev.strangler.connect.transforms.TableMapping;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two Kafka Connect connectors of a stream, generated from the plan (never edited by hand): a
 * Debezium PostgreSQL source (pgoutput, publication and slot named after the stream, heartbeats)
 * whose changes of every table are routed into one single-partition topic, and our ordered sink
 * with the {@code MapToTarget} mapping. What {@code strangler cdc render} prints is exactly what a
 * team would submit to their own Connect cluster.
 */
public final class ConnectorConfigs {

    /** A connector's name and configuration. */
    public record Connector(String name, Map<String, String> config) {

        /** The same connector with every password in it (a key ending in {@code password}) shown as {@code ********}. */
        public Connector redacted() {
            Map<String, String> shown = new LinkedHashMap<>();
            config.forEach(
                    (key, value) -> shown.put(key, key.endsWith("password") && !value.isEmpty() ? "********" : value));
            return new Connector(name, shown);
        }
    }

    /** Class names as strings: the plugin's classes live in the Connect worker, not in this JVM. */
    static final String SINK_CLASS = "dev.strangler.connect.sink.OrderedJdbcSinkConnector";

    static final String MAP_TRANSFORM_CLASS = "dev.strangler.connect.transforms.MapToTarget";
    /**
     * Both connectors of a stream use it for keys and values: the JsonConverter's schema-in-every-message,
     * without printing and parsing the schema for every row (most of the worker's CPU time with JSON).
     */
    static final String CONVERTER_CLASS = "dev.strangler.connect.converters.CompactConverter";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The largest change a stream carries, 64 MiB: its columns as text, a bytea as hex. A larger row
     * fails the source connector with Kafka's RecordTooLargeException (and {@code cdc status} shows it).
     */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private ConnectorConfigs() {}

    /**
     * The source's latency and throughput settings: Debezium's and Connect's own options, which any pipeline of
     * Debezium's PostgreSQL source on Connect can take (the CDC benchmark gives them to the stock pipeline too, so
     * that it compares designs, not settings).
     * <ul>
     * <li>{@code poll.interval.ms}: Debezium waits this long when the slot has nothing new (default 500 ms). Every
     * barrier, and so every write cutover's hold, pays up to this once.
     * <li>{@code producer.override.linger.ms} and {@code batch.size}: the producer gathers a few milliseconds of
     * changes into one request instead of sending each poll's records as soon as the previous request returns
     * (Connect's default is 0 ms).
     * </ul>
     */
    public static final Map<String, String> SOURCE_TUNING = ordered(
            "poll.interval.ms", "10",
            "producer.override.linger.ms", "5",
            "producer.override.batch.size", "262144");

    /**
     * The sink's consumer settings, which any sink connector on Connect can take (needs
     * {@code connector.client.config.override.policy=All} on the worker): how long the consumer waits for more data
     * before handing over a batch (default 500 ms), and how many records a batch holds at most (default 500).
     */
    public static final Map<String, String> SINK_TUNING = ordered(
            "consumer.override.fetch.max.wait.ms", "10",
            "consumer.override.max.poll.records", "5000");

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    public static String topic(MigrationPlan.Stream stream) {
        return prefix(stream) + ".changes";
    }

    public static String sourceName(MigrationPlan.Stream stream) {
        return "strangler-" + stream.name() + "-source";
    }

    public static String sinkName(MigrationPlan.Stream stream) {
        return "strangler-" + stream.name() + "-sink";
    }

    public static String slotName(MigrationPlan.Stream stream) {
        return "strangler_" + stream.name();
    }

    /**
     * How a database password goes into a connector config. Kafka Connect keeps connector configs, as
     * given, in its config topic: a literal password is stored in plain text there, and printed by
     * whoever renders it. A config-provider reference ({@code ${file:/path:key}}, resolved by the
     * worker's {@code FileConfigProvider}) keeps the secret in a file on the worker instead.
     */
    @FunctionalInterface
    public interface Secrets {
        /** The password itself: what {@code cdc apply} sends unless told otherwise. */
        Secrets LITERAL = (key, password) -> password;
        /** For printing: never the password. */
        Secrets REDACTED = (key, password) -> password.isEmpty() ? "" : "********";

        /** A reference to {@code key} in a properties file the Connect worker reads through its {@code file} config provider. */
        static Secrets fileReferences(String path) {
            return (key, password) -> "${file:" + path + ":" + key + "}";
        }

        /**
         * What goes into the config for the password of {@code key} ({@code <stream>.source.password} or
         * {@code <stream>.target.password}).
         */
        String render(String key, String password);
    }

    /** The source's JDBC driver settings Debezium has options of its own for; any other URL parameter is passed as {@code driver.<name>}. */
    private static final Set<String> DEBEZIUM_SSL_OPTIONS =
            Set.of("sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "sslfactory");

    public static List<Connector> of(MigrationPlan.Stream stream) {
        return of(stream, Secrets.LITERAL);
    }

    public static List<Connector> of(MigrationPlan.Stream stream, Secrets secrets) {
        return List.of(source(stream, secrets), sink(stream, secrets));
    }

    public static Connector source(MigrationPlan.Stream stream) {
        return source(stream, Secrets.LITERAL);
    }

    public static Connector source(MigrationPlan.Stream stream, Secrets secrets) {
        JdbcUrl db = JdbcUrl.parse(stream.source().url());
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        c.put("tasks.max", "1");
        c.put("key.converter", CONVERTER_CLASS);
        c.put("value.converter", CONVERTER_CLASS);
        c.put("plugin.name", "pgoutput");
        c.put("database.hostname", db.host());
        c.put("database.port", Integer.toString(db.port()));
        c.put("database.dbname", db.database());
        c.put("database.user", stream.source().user());
        c.put(
                "database.password",
                secrets.render(
                        stream.name() + ".source.password",
                        stream.source().password() == null
                                ? ""
                                : stream.source().password()));
        db.parameters()
                .forEach((name, value) ->
                        c.put((DEBEZIUM_SSL_OPTIONS.contains(name) ? "database." : "driver.") + name, value));
        c.put("topic.prefix", prefix(stream));
        // Debezium reads each as a regular expression of schema.table: the names themselves, not patterns.
        c.put(
                "table.include.list",
                sourceTables(stream).stream()
                        .map(ConnectorConfigs::literalPattern)
                        .collect(Collectors.joining(",")));
        c.put("publication.name", slotName(stream));
        c.put("publication.autocreate.mode", "filtered");
        c.put("slot.name", slotName(stream));
        // A reverse stream starts from now: the databases are in sync when it is applied (cutover).
        c.put("snapshot.mode", stream.isReverse() ? "no_data" : "initial");
        // The heartbeat writes the stream's heartbeat marker in the source every second; its travel
        // to the target is the continuously measured lag (and it keeps the slot's LSN moving).
        c.put("heartbeat.interval.ms", "1000");
        c.put("heartbeat.action.query", SyncMarker.heartbeatSql(stream.name()));
        c.putAll(SOURCE_TUNING);
        // A row travels as one record, its bytea as hex text (twice its size): Kafka's 1 MiB default would stop the
        // stream at the first row with a large value. Up to MAX_RECORD_BYTES then, through producer and topic.
        c.put("producer.override.max.request.size", Integer.toString(MAX_RECORD_BYTES));
        // The producer's buffer must hold one such record (default 32 MiB); it is allocated as records come, not
        // upfront.
        c.put("producer.override.buffer.memory", Integer.toString(MAX_RECORD_BYTES));
        c.put("topic.creation.default.max.message.bytes", Integer.toString(MAX_RECORD_BYTES));
        c.put("decimal.handling.mode", "string");
        // An interval as ISO 8601 text (P1Y2M3DT4H5M6.789S), which PostgreSQL reads back as the same interval.
        // Debezium's default, microseconds as a number, was cast by the sink to that many seconds.
        c.put("interval.handling.mode", "string");
        c.put("tombstones.on.delete", "false");
        c.put("topic.creation.default.partitions", "1");
        c.put("topic.creation.default.replication.factor", "-1");
        // The mapping runs in the source task, before the record is serialized: what travels Kafka is the
        // compact mapped change (target table, op, key, columns as text), not Debezium's envelope with its
        // before image and source block, which made the producer, the broker and the sink's converter
        // carry and parse several times the data. Every table of the stream goes to one topic (Kafka
        // orders a partition, not a set of topics). Only data changes are mapped; heartbeats pass as they are.
        c.put("transforms", "map");
        c.put("transforms.map.type", MAP_TRANSFORM_CLASS);
        c.put("transforms.map." + MapToTarget.MAPPING_CONFIG, JSON.writeValueAsString(mapping(stream)));
        c.put("transforms.map." + MapToTarget.TOPIC_CONFIG, topic(stream));
        c.put("transforms.map.predicate", "changes");
        c.put("predicates", "changes");
        c.put("predicates.changes.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        c.put("predicates.changes.pattern", prefix(stream).replace(".", "\\.") + "\\..*");
        return new Connector(sourceName(stream), c);
    }

    public static Connector sink(MigrationPlan.Stream stream) {
        return sink(stream, Secrets.LITERAL);
    }

    public static Connector sink(MigrationPlan.Stream stream, Secrets secrets) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", SINK_CLASS);
        c.put("tasks.max", "1");
        c.put("key.converter", CONVERTER_CLASS);
        c.put("value.converter", CONVERTER_CLASS);
        // The sink reads no headers: hand them over as bytes instead of parsing every header value of every record.
        c.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("topics", topic(stream));
        c.put("connection.url", stream.target().url());
        c.put("connection.user", stream.target().user());
        c.put(
                "connection.password",
                secrets.render(
                        stream.name() + ".target.password",
                        stream.target().password() == null
                                ? ""
                                : stream.target().password()));
        c.put(MarkerTable.TABLE_SETTING, MarkerTable.NAME);
        c.put(MarkerTable.STREAM_SETTING, stream.name());
        // The source position of the last change applied, per stream: changes that arrive again are skipped.
        c.put(PositionTable.SETTING, PositionTable.NAME);
        c.putAll(SINK_TUNING);
        // The source connector creates the topic, with the stream's settings (one partition, MAX_RECORD_BYTES). A
        // sink that subscribes first would otherwise have a broker with auto.create.topics.enable create it with the
        // broker's defaults, and the first row over 1 MiB would stop the stream.
        c.put("consumer.override.allow.auto.create.topics", "false");
        return new Connector(sinkName(stream), c);
    }

    static TableMapping.StreamMapping mapping(MigrationPlan.Stream stream) {
        Map<String, TableMapping> tables = new LinkedHashMap<>();
        for (MigrationPlan.Table t : stream.tables()) {
            Map<String, TableMapping.ColumnMapping> columns = new LinkedHashMap<>();
            t.columns().forEach((name, col) -> {
                MigrationPlan.Column c = col == null ? new MigrationPlan.Column(null, null, null, null) : col;
                columns.put(
                        name, new TableMapping.ColumnMapping(c.targetName(name), c.convert(), c.values(), c.zone()));
            });
            tables.put(t.source(), new TableMapping(t.target(), t.key(), columns, t.apply()));
        }
        Map<String, TableMapping.ColumnMapping> marker = new LinkedHashMap<>();
        for (String col : MarkerTable.CARRIED) {
            marker.put(col, new TableMapping.ColumnMapping(col, null, null, null));
        }
        tables.put(SyncMarker.SOURCE_TABLE, new TableMapping(MarkerTable.NAME, List.of(MarkerTable.STREAM), marker));
        return new TableMapping.StreamMapping(tables);
    }

    /** The source tables of the stream's publication: its own and the marker table. */
    public static List<String> sourceTables(MigrationPlan.Stream stream) {
        List<String> tables = new ArrayList<>(
                stream.tables().stream().map(MigrationPlan.Table::source).toList());
        tables.add(SyncMarker.SOURCE_TABLE);
        return tables;
    }

    /**
     * {@code name} as a regular expression that matches it alone: its other metacharacters escaped; a dot is
     * left as it is (it matches itself, and the publication holds only the stream's tables).
     */
    static String literalPattern(String name) {
        return name.replaceAll("([\\\\\\[\\](){}*+?^$|])", "\\\\$1");
    }

    private static String prefix(MigrationPlan.Stream stream) {
        return "strangler." + stream.name();
    }
}
