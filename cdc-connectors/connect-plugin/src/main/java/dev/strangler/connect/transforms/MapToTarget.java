package dev.strangler.connect.transforms;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.strangler.cdc.conversion.Conversion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Maps a Debezium change event of a legacy table onto the service's table: renames the table and
 * columns, drops the columns the service does not take, converts values (each column's
 * {@link Conversion}), and emits a {@link #CHANGE_SCHEMA change}
 * the {@code OrderedJdbcSink} applies: target table, upsert, update (update-only tables) or delete, key
 * columns, column values as text.
 *
 * <p>Columns Debezium could not read (TOASTed values left out of an update) are left out, so the sink
 * keeps what the target has. Debezium sends its placeholder {@value #UNAVAILABLE} in the column's own
 * type ({@link #unavailable}): as text, as its bytes for {@code bytea}, as a one-element list for a
 * text array, as a list of its bytes' values for a number array. Tombstones are dropped.
 *
 * <p>Each change carries its {@link SourcePosition position} in the stream, so the sink applies it
 * once whatever makes it arrive again (records written before version 2 of the change have none).
 */
public class MapToTarget<R extends ConnectRecord<R>> implements Transformation<R> {

    public static final String MAPPING_CONFIG = "mapping";
    public static final String TOPIC_CONFIG = "topic";
    static final String UNAVAILABLE = "__debezium_unavailable_value";
    private static final byte[] UNAVAILABLE_BYTES = UNAVAILABLE.getBytes(StandardCharsets.UTF_8);

    /** Whether a value is Debezium's placeholder for a value it could not read, in whichever type the column has. */
    static boolean unavailable(Object value) {
        if (value instanceof String text) {
            return text.equals(UNAVAILABLE);
        }
        if (value instanceof byte[] bytes) {
            return Arrays.equals(bytes, UNAVAILABLE_BYTES);
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.remaining() == UNAVAILABLE_BYTES.length
                    && buffer.duplicate().equals(ByteBuffer.wrap(UNAVAILABLE_BYTES));
        }
        if (value instanceof List<?> list) {
            if (list.size() == 1 && UNAVAILABLE.equals(list.get(0))) {
                return true;
            }
            if (list.size() != UNAVAILABLE_BYTES.length) {
                return false;
            }
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Number n) || n.longValue() != UNAVAILABLE_BYTES[i]) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return map.size() == 1 && UNAVAILABLE.equals(map.keySet().iterator().next());
        }
        return false;
    }

    /** The record this transform emits. */
    public static final Schema CHANGE_SCHEMA = SchemaBuilder.struct()
            .name("dev.strangler.Change")
            .version(2)
            .field("table", Schema.STRING_SCHEMA)
            .field("op", Schema.STRING_SCHEMA)
            .field("key", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field(
                    "columns",
                    SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
                            .build())
            .field("source_table", Schema.STRING_SCHEMA)
            .field("source_ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field("position", SourcePosition.SCHEMA)
            .build();

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(
                    MAPPING_CONFIG,
                    ConfigDef.Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.Importance.HIGH,
                    "The stream's table mappings as JSON: {\"tables\": {\"public.products\": {\"target\": "
                            + "\"products\", \"key\": [\"id\"], \"columns\": {\"price_cents\": {\"name\": \"price\", \"convert\": "
                            + "\"cents-to-decimal\"}}}}}; convert is one of " + Conversion.planNames()
                            + ". Generated from the migration plan.")
            .define(
                    TOPIC_CONFIG,
                    ConfigDef.Type.STRING,
                    "",
                    ConfigDef.Importance.MEDIUM,
                    "The topic the mapped changes go to "
                            + "(one for all of a stream's tables: Kafka orders a partition, not a set of topics); empty: the record's own.");

    private Map<String, TableMapping> tables;
    private String topic;
    private final SourcePosition positions = new SourcePosition();

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> parsed = CONFIG.parse(configs);
        String json = (String) parsed.get(MAPPING_CONFIG);
        String configured = (String) parsed.get(TOPIC_CONFIG);
        this.topic = configured == null || configured.isBlank() ? null : configured;
        try {
            TableMapping.StreamMapping mapping = new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(json, TableMapping.StreamMapping.class);
            this.tables = Map.copyOf(mapping.tables());
        } catch (Exception e) {
            // A mapping Jackson could read but StreamMapping refused (an unknown conversion): its own message says what
            // and where.
            String why = e instanceof ValueInstantiationException && e.getCause() != null
                    ? e.getCause().getMessage()
                    : e.getMessage();
            throw new ConfigException(MAPPING_CONFIG, json, "not a valid mapping: " + why);
        }
    }

    @Override
    public R apply(R record) {
        if (record.value() == null) {
            return null;
        }
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("op") == null) {
            throw new DataException(
                    "expected a Debezium change event on topic " + record.topic() + ", got " + record.value());
        }
        Struct source = envelope.getStruct("source");
        Struct position = positions.next(source); // every change counts, also those this mapping drops
        String sourceTable = source.getString("schema") + "." + source.getString("table");
        TableMapping table = tables.get(sourceTable);
        if (table == null) {
            throw new DataException(
                    "table " + sourceTable + " is in the stream's topic but not in its mapping " + tables.keySet());
        }
        String op = envelope.getString("op");
        boolean delete = "d".equals(op);
        if (delete && table.updateOnly()) {
            return null; // an update-only table never loses rows through this stream
        }
        Struct row = envelope.getStruct(delete ? "before" : "after");
        if (row == null) {
            throw new DataException(
                    sourceTable + ": change '" + op + "' without a " + (delete ? "before" : "after") + " image");
        }
        Map<String, String> columns = new LinkedHashMap<>();
        boolean partial = false;
        for (Map.Entry<String, TableMapping.ColumnMapping> c : table.columns().entrySet()) {
            String target =
                    c.getValue().name() == null ? c.getKey() : c.getValue().name();
            if (delete && !table.key().contains(target)) {
                // With the default replica identity a delete's before image holds the key only; Debezium
                // fills the other non-null columns with placeholders ('' or 0) that must not be read as data.
                continue;
            }
            Field field = row.schema().field(c.getKey());
            if (field == null) {
                if (delete) {
                    continue; // a delete carries the key only (default replica identity)
                }
                throw new DataException(sourceTable + "." + c.getKey() + " is mapped but not in the change event");
            }
            Object value = row.get(field);
            if (unavailable(value)) {
                partial = true;
                continue;
            }
            columns.put(target, ValueText.of(value, field.schema(), c.getValue(), sourceTable + "." + c.getKey()));
        }
        for (String k : table.key()) {
            if (!columns.containsKey(k) || columns.get(k) == null) {
                throw new DataException(sourceTable + ": key column " + k + " has no value in change '" + op + "'");
            }
        }
        if ("u".equals(op) && !table.updateOnly()) {
            keyUnchanged(sourceTable, table, envelope.getStruct("before"), columns);
        }
        Struct change = new Struct(CHANGE_SCHEMA)
                .put("table", table.target())
                // A change without some of its values can only update the row the target has: as an insert it would
                // write nulls (or break a NOT NULL) where the left-out values are.
                .put("op", delete ? "delete" : table.updateOnly() || partial ? "update" : "upsert")
                .put("key", new ArrayList<>(table.key()))
                .put("columns", columns)
                .put("source_table", sourceTable)
                .put("source_ts_ms", source.getInt64("ts_ms"))
                .put("position", position);
        return record.newRecord(
                topic == null ? record.topic() : topic,
                record.kafkaPartition(),
                null,
                null,
                CHANGE_SCHEMA,
                change,
                record.timestamp());
    }

    /**
     * Fails the stream when an update moved a row to another key. Debezium sends a change of the
     * source's primary key as a delete and an insert; an update event that changes the plan's key comes
     * from a table whose key is not its primary key (REPLICA IDENTITY FULL and a declared key), and as an
     * upsert it would leave the row under its old key in the target: stopping says so, instead of the
     * two databases drifting apart unseen.
     */
    private static void keyUnchanged(String sourceTable, TableMapping table, Struct before, Map<String, String> after) {
        if (before == null) {
            return; // the identity's columns only, or nothing: the key is the identity, which Debezium watches
        }
        for (Map.Entry<String, TableMapping.ColumnMapping> c : table.columns().entrySet()) {
            String target =
                    c.getValue().name() == null ? c.getKey() : c.getValue().name();
            Field field = before.schema().field(c.getKey());
            if (!table.key().contains(target) || field == null || unavailable(before.get(field))) {
                continue;
            }
            String old = ValueText.of(before.get(field), field.schema(), c.getValue(), sourceTable + "." + c.getKey());
            if (!Objects.equals(old, after.get(target))) {
                throw new DataException(sourceTable + ": an update changed key column " + c.getKey() + " from " + old
                        + " to " + after.get(target) + "; the stream cannot move a row to another key of a table whose "
                        + "key " + table.key() + " is not its primary key; key the table by its primary key, or give "
                        + "it one on these columns");
            }
        }
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void close() {}
}
