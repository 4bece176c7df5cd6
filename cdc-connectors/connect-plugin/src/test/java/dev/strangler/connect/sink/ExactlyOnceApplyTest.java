package dev.strangler.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.connect.transforms.MapToTarget;
import dev.strangler.connect.transforms.SourcePosition;
import dev.strangler.infra.postgres.SharedPostgres;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once effect by source position, against a real PostgreSQL, through the sink task as Kafka
 * Connect drives it: a stream whose changes carry their source position, with an ownership hand-over
 * in the middle, delivered once, then delivered again the two ways a killed Connect worker delivers
 * it (a new task from older consumer offsets; Debezium's duplicates appended after the originals).
 * The second delivery must change nothing: not the rows, not the ownership, not what the service
 * wrote after the hand-over.
 */
class ExactlyOnceApplyTest {

    static final String MARKERS = "strangler_sync_marker";
    static final String POSITIONS = "strangler_sync_position";
    static final String TOPIC = "strangler.catalog.changes";

    static final Schema POSITION = SourcePosition.SCHEMA;
    static final Schema CHANGE = MapToTarget.CHANGE_SCHEMA;

    String db;
    Connection target;
    final List<OrderedJdbcSinkTask> tasks = new ArrayList<>();
    long offset;

    @BeforeEach
    void freshTarget() throws SQLException {
        db = SharedPostgres.freshDatabase("exactly_once");
        target = SharedPostgres.cluster().connect(db);
        sql(
                "CREATE TABLE products (id bigint PRIMARY KEY, title text NOT NULL, price numeric(12,2) NOT NULL, available_quantity int NOT NULL)");
        sql("CREATE TABLE " + MARKERS
                + " (stream text PRIMARY KEY, token text NOT NULL, committed_at timestamptz NOT NULL, "
                + "applied_at timestamptz NOT NULL DEFAULT clock_timestamp())");
        sql("CREATE TABLE " + POSITIONS + " (stream text PRIMARY KEY, commit_lsn pg_lsn NOT NULL, lsn pg_lsn NOT NULL, "
                + "ordinal int NOT NULL DEFAULT 0, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())");
    }

    @AfterEach
    void stopTasks() throws SQLException {
        tasks.forEach(OrderedJdbcSinkTask::stop);
        target.close();
    }

    /**
     * The stream owns every column, two products arrive, the catalog columns are handed over, the
     * monolith's later changes update stock only. Positions are (last commit LSN, change LSN): the
     * hand-over's change LSN is below the previous commit's, as for a transaction that began before
     * the one committed ahead of it.
     */
    List<SinkRecord> stream() {
        return List.of(
                marker("catalog/ownership", "", 100, 101),
                product(1, "Kettle", "12.90", 5, 100, 102),
                product(2, "Toaster", "30.00", 7, 100, 103),
                marker("catalog/ownership", "products:price,title", 200, 150),
                product(1, "Old kettle", "10.00", 4, 300, 290),
                product(2, "Toaster", "31.00", 6, 300, 305));
    }

    @Test
    void aStreamDeliveredAgainToANewTaskChangesNothingAndKeepsTheOwnershipOfItsPosition() throws SQLException {
        task().put(stream());
        sql("UPDATE products SET price = 15.00 WHERE id = 1"); // the service writes a column it owns now
        String before = state();

        task().put(stream()); // as after a restart from consumer offsets committed before the first delivery

        assertThat(state())
                .as("rows and ownership after the same changes arrived again at a new task")
                .isEqualTo(before);
        assertThat(row(1))
                .as("the service's price is not overwritten by the monolith's change from before the hand-over")
                .isEqualTo("Kettle|15.00|4");
        assertHandedOverStillHolds();
    }

    @Test
    void duplicatesAppendedAfterTheOriginalsAreSkippedAndTheirOldOwnershipMarkersDoNotSwitchOwnership()
            throws SQLException {
        OrderedJdbcSinkTask task = task();
        task.put(stream());
        sql("UPDATE products SET price = 15.00 WHERE id = 1");
        String before = state();

        task.put(stream().subList(0, 4)); // Debezium restarted from its last flushed offset: the same changes once more
        assertThat(state()).as("after the duplicates, in the same task").isEqualTo(before);

        OrderedJdbcSinkTask restarted = task();
        List<SinkRecord> again = new ArrayList<>(stream());
        again.addAll(stream().subList(1, 5));
        restarted.put(again); // both at once: the new task reads the originals and the duplicates after them
        assertThat(state()).as("after originals and duplicates at a new task").isEqualTo(before);
        assertHandedOverStillHolds();
    }

    @Test
    void changesWithoutAPositionAreAppliedAsBefore() throws SQLException {
        OrderedJdbcSinkTask task = task();
        task.put(stream());

        Struct unpositioned = change(product(1, "Kettle", "12.90", 2, 0, 0));
        unpositioned.put("position", null);
        task.put(List.of(record(unpositioned)));

        assertThat(row(1))
                .as("a change without a position is applied, under the ownership in force")
                .isEqualTo("Kettle|12.90|2");
        assertThat(one("SELECT commit_lsn || ' ' || lsn FROM " + POSITIONS))
                .as("it does not move the position")
                .isEqualTo("0/12C 0/131");
    }

    @Test
    void aSnapshotRecordIsAppliedUntilTheStreamHasAppliedAChangeCommittedAfterTheSnapshot() throws SQLException {
        OrderedJdbcSinkTask task = task();
        task.put(List.of(snapshot(1, "Kettle", "12.90", 5, 90), snapshot(2, "Toaster", "30.00", 7, 90)));
        assertThat(row(1)).isEqualTo("Kettle|12.90|5");
        assertThat(one("SELECT count(*) FROM " + POSITIONS))
                .as("a snapshot record does not set the position")
                .isEqualTo("0");

        task.put(List.of(snapshot(1, "Kettle", "12.90", 5, 90), product(1, "Kettle", "12.90", 4, 100, 102)));
        task().put(List.of(snapshot(1, "Kettle", "12.90", 5, 90), snapshot(2, "Toaster", "30.00", 7, 90)));

        assertThat(row(1))
                .as("the snapshot replayed after a streamed change does not take the row back")
                .isEqualTo("Kettle|12.90|4");
    }

    @Test
    void rowsOfOneMultiRowInsertShareAnLsnAndAreEachAppliedOnceAcrossBatches() throws SQLException {
        List<SinkRecord> copy = new ArrayList<>();
        for (int row = 0; row < 4; row++) {
            SinkRecord r = product(10 + row, "Copied " + row, "1.00", row, 500, 510);
            ((Struct) r.value()).getStruct("position").put("ordinal", row); // one WAL record, one position per row
            copy.add(r);
        }
        OrderedJdbcSinkTask task = task();
        task.put(copy.subList(0, 2));
        task.put(copy.subList(2, 4));
        assertThat(one("SELECT count(*) FROM products WHERE id >= 10"))
                .as("every row of the insert, across two batches")
                .isEqualTo("4");

        sql("UPDATE products SET available_quantity = 99 WHERE id >= 10");
        task().put(copy.subList(1, 4));
        assertThat(one("SELECT string_agg(DISTINCT available_quantity::text, ',') FROM products WHERE id >= 10"))
                .as("delivered again: skipped")
                .isEqualTo("99");
    }

    @Test
    void aMissingPositionTableIsAnErrorThatSaysWhatCreatesIt() throws SQLException {
        sql("DROP TABLE " + POSITIONS);

        assertThatThrownBy(() -> task().put(stream()))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("the position table " + POSITIONS + " does not exist")
                .hasMessageContaining("strangler cdc apply");
        assertThat(one("SELECT count(*) FROM products")).isEqualTo("0");
    }

    /** Later changes of the monolith still leave the handed-over columns alone, and update the others. */
    void assertHandedOverStillHolds() throws SQLException {
        task().put(List.of(product(1, "New kettle", "11.00", 3, 400, 401)));
        assertThat(row(1))
                .as("a change after the redelivery, under the hand-over")
                .isEqualTo("Kettle|15.00|3");
        assertThat(one("SELECT token FROM " + MARKERS + " WHERE stream = 'catalog/ownership'"))
                .isEqualTo("products:price,title");
    }

    OrderedJdbcSinkTask task() {
        OrderedJdbcSinkTask task = new OrderedJdbcSinkTask();
        task.initialize((SinkTaskContext) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {SinkTaskContext.class},
                (proxy, method, args) -> null)); // no plugin metrics
        Map<String, String> props = new LinkedHashMap<>();
        props.put("connection.url", SharedPostgres.cluster().jdbcUrl(db));
        props.put("connection.user", SharedPostgres.cluster().user());
        props.put("connection.password", SharedPostgres.cluster().password());
        props.put("marker.table", MARKERS);
        props.put("marker.stream", "catalog");
        props.put("position.table", POSITIONS);
        task.start(props);
        tasks.add(task);
        return task;
    }

    SinkRecord product(long id, String title, String price, int quantity, long commitLsn, long lsn) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("id", Long.toString(id));
        columns.put("title", title);
        columns.put("price", price);
        columns.put("available_quantity", Integer.toString(quantity));
        return record(change("products", List.of("id"), columns, position(commitLsn, lsn, false)));
    }

    SinkRecord snapshot(long id, String title, String price, int quantity, long lsn) {
        SinkRecord r = product(id, title, price, quantity, 0, lsn);
        ((Struct) r.value()).put("position", position(null, lsn, true));
        return r;
    }

    SinkRecord marker(String stream, String token, long commitLsn, long lsn) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("stream", stream);
        columns.put("token", token);
        columns.put("committed_at", "2026-11-28T20:00:00.123456Z");
        return record(change(MARKERS, List.of("stream"), columns, position(commitLsn, lsn, false)));
    }

    static Struct position(Long commitLsn, long lsn, boolean snapshot) {
        return new Struct(POSITION).put("commit_lsn", commitLsn).put("lsn", lsn).put("snapshot", snapshot);
    }

    static Struct change(String table, List<String> key, Map<String, String> columns, Struct position) {
        return new Struct(CHANGE)
                .put("table", table)
                .put("op", "upsert")
                .put("key", key)
                .put("columns", columns)
                .put("source_table", "public." + table)
                .put("source_ts_ms", 1_700_000_000_000L)
                .put("position", position);
    }

    /** A copy of a record's change, to alter. */
    static Struct change(SinkRecord r) {
        Struct s = (Struct) r.value();
        return change(s.getString("table"), s.getArray("key"), s.getMap("columns"), s.getStruct("position"));
    }

    SinkRecord record(Struct change) {
        return new SinkRecord(TOPIC, 0, null, null, CHANGE, change, offset++);
    }

    /** Everything a user of the target sees: the rows and the stream's ownership marker. */
    String state() throws SQLException {
        return one(
                        "SELECT string_agg(id || '|' || title || '|' || price || '|' || available_quantity, ', ' ORDER BY id) FROM products")
                + " / " + one("SELECT token FROM " + MARKERS + " WHERE stream = 'catalog/ownership'");
    }

    String row(long id) throws SQLException {
        return one("SELECT title || '|' || price || '|' || available_quantity FROM products WHERE id = " + id);
    }

    String one(String query) throws SQLException {
        try (Statement s = target.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    void sql(String statement) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute(statement);
        }
    }
}
