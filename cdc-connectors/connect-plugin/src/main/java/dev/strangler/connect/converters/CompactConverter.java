package dev.strangler.connect.converters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.Converter;

/**
 * A converter for records with a schema that, like Kafka's {@code JsonConverter} with schemas, carries
 * the schema in every message (no schema registry needed), but never parses or prints it more than
 * once per schema: a message is the schema's fingerprint, the schema (as {@code JsonConverter} writes
 * it), then the value in a compact binary form ({@link BinaryValues}). The reader looks the fingerprint
 * up and skips the schema bytes when it has seen the schema before, which is every message but the
 * first of each table.
 *
 * <p>Why: with {@code JsonConverter}, a Debezium change event is a few KiB of JSON, most of it the
 * envelope's schema, printed by the source and parsed again by the sink for every row; that was most
 * of the Connect worker's CPU time in {@code cdc-connectors/bench}. Records without a schema are refused.
 */
public class CompactConverter implements Converter {

    static final byte MAGIC = 0x53;
    static final int FINGERPRINT_BYTES = 16;
    private static final int CACHE_LIMIT = 1_000;

    private final JsonConverter json = new JsonConverter();
    private final ObjectMapper mapper = new ObjectMapper();
    /** Schema instance to its encoded header; Debezium and transforms reuse their schema instances. */
    private final Map<Schema, byte[]> headers = new IdentityHashMap<>();

    private final Map<Fingerprint, Schema> schemas = new HashMap<>();

    private record Fingerprint(long high, long low) {}

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> jsonConfig = new HashMap<>(configs);
        jsonConfig.put(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, true);
        jsonConfig.put(JsonConverterConfig.SCHEMAS_CACHE_SIZE_CONFIG, CACHE_LIMIT);
        json.configure(jsonConfig, isKey);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (schema == null && value == null) {
            return null;
        }
        if (schema == null) {
            throw new DataException("CompactConverter needs records with a schema (topic " + topic + ")");
        }
        if (value == null && schema.isOptional()) {
            return null;
        }
        byte[] header = header(schema);
        BinaryValues.Writer out = new BinaryValues.Writer(header.length + 256);
        out.raw(header);
        BinaryValues.write(out, schema, value);
        return out.toByteArray();
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        if (in.remaining() < 1 + FINGERPRINT_BYTES + 4 || in.get() != MAGIC) {
            throw new DataException(
                    "a record of topic " + topic + " was not written by CompactConverter: set the same key and value "
                            + "converters on the source and the sink connectors");
        }
        Fingerprint fingerprint = new Fingerprint(in.getLong(), in.getLong());
        int schemaLength = in.getInt();
        Schema schema = schemas.get(fingerprint);
        if (schema == null) {
            byte[] text = Arrays.copyOfRange(value, in.position(), in.position() + schemaLength);
            schema = parseSchema(topic, text);
            if (schemas.size() >= CACHE_LIMIT) {
                schemas.clear();
            }
            schemas.put(fingerprint, schema);
        }
        in.position(in.position() + schemaLength);
        return new SchemaAndValue(schema, BinaryValues.read(in, schema));
    }

    private byte[] header(Schema schema) {
        byte[] header = headers.get(schema);
        if (header != null) {
            return header;
        }
        byte[] text;
        try {
            text = mapper.writeValueAsBytes(json.asJsonSchema(schema));
        } catch (Exception e) {
            throw new DataException("cannot write the schema " + schema, e);
        }
        byte[] digest = sha256(text);
        header = ByteBuffer.allocate(1 + FINGERPRINT_BYTES + 4 + text.length)
                .put(MAGIC)
                .put(digest, 0, FINGERPRINT_BYTES)
                .putInt(text.length)
                .put(text)
                .array();
        if (headers.size() >= CACHE_LIMIT) {
            headers.clear();
        }
        headers.put(schema, header);
        return header;
    }

    private Schema parseSchema(String topic, byte[] text) {
        try {
            JsonNode node = mapper.readTree(text);
            return json.asConnectSchema(node);
        } catch (Exception e) {
            throw new DataException(
                    "cannot read the schema of a record of topic " + topic + ": "
                            + new String(text, StandardCharsets.UTF_8),
                    e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
