package dev.strangler.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MapToTargetTest {

    private static final Schema ROW = SchemaBuilder.struct()
            .optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("price_cents", Schema.OPTIONAL_INT32_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field(
                    "created_at",
                    SchemaBuilder.int64()
                            .name("io.debezium.time.MicroTimestamp")
                            .optional()
                            .build())
            .field("warehouse_bin", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct()
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    private static final Schema ENVELOPE = SchemaBuilder.struct()
            .field("before", ROW)
            .field("after", ROW)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();

    private final MapToTarget<SourceRecord> transform = new MapToTarget<>();

    @BeforeEach
    void configure() {
        transform.configure(Map.of("mapping", """
                {"tables": {"public.products": {"target": "catalog_items", "key": ["id"], "columns": {
                  "id": {"name": "id"},
                  "name": {"name": "title"},
                  "price_cents": {"name": "price", "convert": "cents-to-decimal"},
                  "status": {"name": "status", "convert": "map", "values": {"A": "ACTIVE", "R": "RETIRED"}},
                  "created_at": {"name": "created_at", "convert": "timestamp-in-zone", "zone": "Europe/Berlin"}}}}}
                """));
    }

    private static SourceRecord event(String op, Struct before, Struct after, String table) {
        Struct source =
                new Struct(SOURCE).put("schema", "public").put("table", table).put("ts_ms", 1_700_000_000_000L);
        Struct envelope = new Struct(ENVELOPE)
                .put("before", before)
                .put("after", after)
                .put("source", source)
                .put("op", op);
        return new SourceRecord(Map.of(), Map.of(), "catalog.changes", 0, null, null, ENVELOPE, envelope);
    }

    private static Struct row(long id, String name, Integer cents, String status) {
        return new Struct(ROW)
                .put("id", id)
                .put("name", name)
                .put("price_cents", cents)
                .put("status", status)
                .put("created_at", 1_700_000_000_000_000L)
                .put("warehouse_bin", "BIN-1");
    }

    @Test
    void anInsertBecomesAnUpsertOfTheMappedRowWithoutTheDroppedColumns() {
        Struct change = (Struct) transform
                .apply(event("c", null, row(7, "Lamp", 1290, "A"), "products"))
                .value();

        assertThat(change.getString("table")).isEqualTo("catalog_items");
        assertThat(change.getString("op")).isEqualTo("upsert");
        assertThat(change.<String>getArray("key")).containsExactly("id");
        assertThat(change.<String, String>getMap("columns"))
                .containsExactly(
                        Map.entry("id", "7"),
                        Map.entry("title", "Lamp"),
                        Map.entry("price", "12.90"),
                        Map.entry("status", "ACTIVE"),
                        Map.entry("created_at", "2023-11-14T21:13:20Z"));
    }

    @Test
    void changesOfEveryTableGoToTheConfiguredTopicAndOtherwiseStayOnTheirOwn() {
        assertThat(transform
                        .apply(event("c", null, row(7, "Lamp", 1290, "A"), "products"))
                        .topic())
                .isEqualTo("catalog.changes");

        MapToTarget<SourceRecord> routed = new MapToTarget<>();
        routed.configure(Map.of("topic", "strangler.catalog.changes", "mapping", """
                {"tables": {"public.products": {"target": "catalog_items", "key": ["id"], "columns": {"id": {"name": "id"}}}}}
                """));
        assertThat(routed.apply(event("c", null, row(7, "Lamp", 1290, "A"), "products"))
                        .topic())
                .isEqualTo("strangler.catalog.changes");
    }

    @Test
    void aDeleteCarriesTheKeyOnlyWhateverDebeziumPutInTheOtherColumns() {
        Struct keyOnly = new Struct(ROW).put("id", 7L).put("status", "").put("price_cents", 0);
        Struct change =
                (Struct) transform.apply(event("d", keyOnly, null, "products")).value();
        assertThat(change.getString("op")).isEqualTo("delete");
        assertThat(change.<String, String>getMap("columns")).containsExactly(Map.entry("id", "7"));
    }

    @Test
    void anUpdateThatMovesARowToAnotherKeyStopsTheStreamInsteadOfLeavingTheOldRowInTheTarget() {
        // A table without a primary key, REPLICA IDENTITY FULL, keyed in the plan by a column an update may change:
        // Debezium sends one update (a primary key change would be a delete and an insert).
        MapToTarget<SourceRecord> byName = new MapToTarget<>();
        byName.configure(Map.of("mapping", """
                {"tables": {"public.products": {"target": "catalog_items", "key": ["title"], "columns": {
                  "name": {"name": "title"}, "price_cents": {"name": "price_cents"}}}}}
                """));

        assertThat(((Struct) byName.apply(event("u", row(7, "Lamp", 1290, "A"), row(7, "Lamp", 990, "A"), "products"))
                                .value())
                        .<String, String>getMap("columns"))
                .as("the key as it was: an ordinary update")
                .containsEntry("price_cents", "990");
        assertThatThrownBy(() ->
                        byName.apply(event("u", row(7, "Lamp", 1290, "A"), row(7, "Desk lamp", 1290, "A"), "products")))
                .isInstanceOf(DataException.class)
                .hasMessage(
                        "public.products: an update changed key column name from Lamp to Desk lamp; the stream cannot "
                                + "move a row to another key of a table whose key [title] is not its primary key; key the table by "
                                + "its primary key, or give it one on these columns");
    }

    @Test
    void unavailableToastedValuesAreLeftOutSoTheTargetKeepsItsOwnAndTheChangeOnlyUpdatesTheRow() {
        Struct after = row(7, MapToTarget.UNAVAILABLE, 100, "R");
        Struct change =
                (Struct) transform.apply(event("u", null, after, "products")).value();
        assertThat(change.<String, String>getMap("columns"))
                .doesNotContainKey("title")
                .containsEntry("price", "1.00");
        assertThat(change.getString("op"))
                .as("an insert would write a null where the left-out value is")
                .isEqualTo("update");
    }

    @Test
    void debeziumsPlaceholderIsRecognisedInTheTypeOfEachColumnTextBytesAndArrays() {
        byte[] placeholder = MapToTarget.UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
        List<Integer> asInts = new ArrayList<>();
        for (byte b : placeholder) {
            asInts.add((int) b);
        }

        assertThat(MapToTarget.unavailable(MapToTarget.UNAVAILABLE)).isTrue();
        assertThat(MapToTarget.unavailable(placeholder)).as("bytea").isTrue();
        assertThat(MapToTarget.unavailable(ByteBuffer.wrap(placeholder)))
                .as("bytea as a buffer")
                .isTrue();
        assertThat(MapToTarget.unavailable(List.of(MapToTarget.UNAVAILABLE)))
                .as("text[]")
                .isTrue();
        assertThat(MapToTarget.unavailable(asInts)).as("integer[]").isTrue();
        assertThat(MapToTarget.unavailable(
                        asInts.stream().map(Integer::longValue).toList()))
                .as("bigint[]")
                .isTrue();
        assertThat(MapToTarget.unavailable("a real value")).isFalse();
        assertThat(MapToTarget.unavailable(List.of(1, 2, 3))).isFalse();
        assertThat(MapToTarget.unavailable(new byte[] {1, 2})).isFalse();
    }

    @Test
    void anArrayBecomesAPostgresArrayLiteralWithEveryElementQuoted() {
        Schema texts =
                SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        TableMapping.ColumnMapping plain = new TableMapping.ColumnMapping("tags", null, null, null);

        assertThat(ValueText.of(Arrays.asList("a", "b \"c\" \\ {d}", null), texts, plain, "t.tags"))
                .isEqualTo("{\"a\",\"b \\\"c\\\" \\\\ {d}\",NULL}");
        assertThat(ValueText.of(
                        List.of(List.of(1, 2), List.of(3, 4)),
                        SchemaBuilder.array(
                                        SchemaBuilder.array(Schema.INT32_SCHEMA).build())
                                .build(),
                        plain,
                        "t.grid"))
                .isEqualTo("{{\"1\",\"2\"},{\"3\",\"4\"}}");
    }

    @Test
    void anUnmappedCodeOrTableIsAClearError() {
        assertThatThrownBy(() -> transform.apply(event("c", null, row(1, "x", 1, "Z"), "products")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("public.products.status: no mapping for value 'Z'");
        assertThatThrownBy(() -> transform.apply(event("c", null, row(1, "x", 1, "A"), "orders")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("table public.orders is in the stream's topic but not in its mapping");
    }

    @Test
    void aMappingThatNamesAnUnknownConversionIsRefusedWhenConfiguredNotAtItsFirstChange() {
        MapToTarget<SourceRecord> misspelt = new MapToTarget<>();
        assertThatThrownBy(() -> misspelt.configure(Map.of("mapping", """
                {"tables": {"public.products": {"target": "catalog_items", "key": ["id"], "columns": {
                  "id": {"name": "id"}, "price_cents": {"name": "price", "convert": "cents-to-euros"}}}}}
                """)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "convert must be one of [cents-to-decimal, decimal-to-cents, map, timestamp-in-zone] (was 'cents-to-euros')");
    }

    @Test
    void tombstonesAreDropped() {
        assertThat(transform.apply(new SourceRecord(Map.of(), Map.of(), "t", 0, null, null, null, null)))
                .isNull();
    }

    @Test
    void anUpdateOnlyTableTurnsChangesIntoUpdatesOfItsColumnsAndIgnoresDeletes() {
        MapToTarget<SourceRecord> reverse = new MapToTarget<>();
        reverse.configure(Map.of("mapping", """
                {"tables": {"public.products": {"target": "products", "key": ["id"], "apply": "update-only", "columns": {
                  "id": {"name": "id"}, "name": {"name": "name"}, "status": {"name": "price_cents", "convert": "decimal-to-cents"}}}}}
                """));

        Struct change = (Struct) reverse.apply(event("u", null, row(7, "Lamp", 1, "14.50"), "products"))
                .value();

        assertThat(change.getString("op")).isEqualTo("update");
        assertThat(change.<String, String>getMap("columns"))
                .containsExactly(Map.entry("id", "7"), Map.entry("name", "Lamp"), Map.entry("price_cents", "1450"));
        assertThat(reverse.apply(event("d", row(7, "Lamp", 1, "14.50"), null, "products")))
                .isNull();
        assertThatThrownBy(() -> reverse.apply(event("u", null, row(7, "Lamp", 1, "14.505"), "products")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("14.505 has fractions of a cent");
    }

    /** Debezium PostgreSQL's source block, with the fields the position is read from. */
    private static final Schema PG_SOURCE = SchemaBuilder.struct()
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field(
                    "snapshot",
                    SchemaBuilder.string().optional().defaultValue("false").build())
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private static final Schema PG_ENVELOPE = SchemaBuilder.struct()
            .field("before", ROW)
            .field("after", ROW)
            .field("source", PG_SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();

    private Struct positionOf(String snapshot, String sequence, Long lsn) {
        Struct source = new Struct(PG_SOURCE)
                .put("schema", "public")
                .put("table", "products")
                .put("ts_ms", 1L)
                .put("snapshot", snapshot)
                .put("sequence", sequence)
                .put("lsn", lsn);
        Struct envelope = new Struct(PG_ENVELOPE)
                .put("after", row(7, "Lamp", 1290, "A"))
                .put("source", source)
                .put("op", "u");
        return ((Struct) transform
                        .apply(new SourceRecord(Map.of(), Map.of(), "t", 0, null, null, PG_ENVELOPE, envelope))
                        .value())
                .getStruct("position");
    }

    @Test
    void aStreamedChangeCarriesTheLastCommitBeforeItAndItsOwnLsnAsItsPosition() {
        Struct position = positionOf("false", "[\"24023128\",\"24023160\"]", 24023160L);

        assertThat(position.getInt64("commit_lsn")).isEqualTo(24023128L);
        assertThat(position.getInt64("lsn")).isEqualTo(24023160L);
        assertThat(position.getBoolean("snapshot")).isFalse();
    }

    @Test
    void aSnapshotRecordOrAChangeBeforeTheFirstCommitSeenHasNoCommitInItsPosition() {
        assertThat(positionOf("first", "[null,\"24023128\"]", 24023128L).getBoolean("snapshot"))
                .isTrue();
        assertThat(positionOf("last", "[null,\"24023128\"]", 24023128L).get("commit_lsn"))
                .isNull();
        Struct first = positionOf("false", "[null,\"24023160\"]", 24023160L);
        assertThat(first.get("commit_lsn"))
                .as("first transaction after a start")
                .isNull();
        assertThat(first.getBoolean("snapshot")).isFalse();
    }

    @Test
    void changesThatShareAnLsnAreNumberedInTheOrderTheyCame() {
        assertThat(positionOf("false", "[\"100\",\"200\"]", 200L).getInt32("ordinal"))
                .isZero();
        assertThat(positionOf("false", "[\"100\",\"200\"]", 200L).getInt32("ordinal"))
                .isEqualTo(1);
        assertThat(positionOf("false", "[\"100\",\"200\"]", 200L).getInt32("ordinal"))
                .isEqualTo(2);
        assertThat(positionOf("false", "[\"100\",\"232\"]", 232L).getInt32("ordinal"))
                .isZero();
    }

    @Test
    void aChangeFromASourceWithoutPositionsHasNone() {
        assertThat(((Struct) transform
                                .apply(event("c", null, row(7, "Lamp", 1290, "A"), "products"))
                                .value())
                        .get("position"))
                .isNull();
        assertThat(positionOf("false", null, null)).isNull();
    }
}
