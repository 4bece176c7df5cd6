package dev.strangler.connect.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;

class CompactConverterTest {

    private static final Schema ROW = SchemaBuilder.struct()
            .name("legacy.public.products.Value")
            .optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("price", Decimal.builder(2).optional().build())
            .field("stock", Schema.OPTIONAL_INT16_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("active", SchemaBuilder.bool().defaultValue(true).build())
            .field("since", Date.builder().optional().build())
            .field(
                    "updated_at",
                    SchemaBuilder.string()
                            .name("io.debezium.time.ZonedTimestamp")
                            .version(1)
                            .optional()
                            .build())
            .field("created_at", Timestamp.builder().optional().build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field(
                    "attributes",
                    SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
                            .optional()
                            .build())
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .build();
    private static final Schema ENVELOPE = SchemaBuilder.struct()
            .name("legacy.public.products.Envelope")
            .version(2)
            .field("before", ROW)
            .field("after", ROW)
            .field(
                    "source",
                    SchemaBuilder.struct()
                            .field("schema", Schema.STRING_SCHEMA)
                            .field("table", Schema.STRING_SCHEMA)
                            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                            .build())
            .field("op", Schema.STRING_SCHEMA)
            .build();

    @Test
    void aChangeEventReadBackByAnotherInstanceEqualsWhatTheJsonConverterReadsBack() {
        Struct event = event(1, "Käse ✓");

        SchemaAndValue compact = roundTrip(new CompactConverter(), new CompactConverter(), event);
        SchemaAndValue json = roundTrip(new JsonConverter(), new JsonConverter(), event);

        assertThat(compact.schema()).isEqualTo(json.schema());
        assertThat(compact.value()).isEqualTo(json.value());
        assertThat(((Struct) compact.value()).getStruct("after").getString("name"))
                .isEqualTo("Käse ✓");
    }

    @Test
    void laterMessagesOfTheSameSchemaAreReadFromTheCachedSchema() {
        CompactConverter writer = configured(new CompactConverter());
        CompactConverter reader = configured(new CompactConverter());

        for (int i = 1; i <= 3; i++) {
            SchemaAndValue back =
                    reader.toConnectData("t", writer.fromConnectData("t", ENVELOPE, event(i, "row " + i)));
            assertThat(((Struct) back.value()).getStruct("after").getInt64("id"))
                    .isEqualTo(i);
            assertThat(((Struct) back.value()).getStruct("after").getString("name"))
                    .isEqualTo("row " + i);
        }
    }

    @Test
    void aNullValueIsATombstoneBothWays() {
        CompactConverter c = configured(new CompactConverter());
        assertThat(c.fromConnectData("t", null, null)).isNull();
        assertThat(c.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void recordsWithoutSchemaOrFromAnotherConverterAreRefusedWithWhatToDo() {
        CompactConverter c = configured(new CompactConverter());
        assertThatThrownBy(() -> c.fromConnectData("t", null, Map.of("a", 1)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> c.toConnectData("t", "{\"schema\":null}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("same key and value converters");
    }

    private static Struct event(long id, String name) {
        Struct after = new Struct(ROW)
                .put("id", id)
                .put("name", name)
                .put("price", new BigDecimal("12.30"))
                .put("stock", (short) 7)
                .put("ratio", 0.25)
                .put("active", false)
                .put("since", new java.util.Date(86_400_000L * 20_000))
                .put("updated_at", "2026-11-28T10:15:30.123456Z")
                .put("created_at", new java.util.Date(1_780_000_000_123L))
                .put("tags", List.of("a", "b"))
                .put("attributes", Map.of("colour", "red"))
                .put("blob", new byte[] {1, 2, 3});
        Struct source = new Struct(ENVELOPE.field("source").schema())
                .put("schema", "public")
                .put("table", "products")
                .put("ts_ms", 5L);
        return new Struct(ENVELOPE).put("after", after).put("source", source).put("op", "c");
    }

    private static SchemaAndValue roundTrip(Converter writer, Converter reader, Struct value) {
        writer.configure(Map.of(), false);
        reader.configure(Map.of(), false);
        return reader.toConnectData("t", writer.fromConnectData("t", value.schema(), value));
    }

    private static CompactConverter configured(CompactConverter c) {
        c.configure(Map.of(), false);
        return c;
    }
}
