package dev.strangler.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.connect.sink.ChangeApplier.Change;
import dev.strangler.connect.sink.ChangeApplier.Op;
import dev.strangler.infra.postgres.SharedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink's statements against a real PostgreSQL: upserts, update-only, echo guard, ownership, marker filtering. */
class ChangeApplierTest {

    static final String MARKERS = "strangler_sync_marker";
    Connection db;

    @BeforeEach
    void freshTarget() throws SQLException {
        String name = SharedPostgres.freshDatabase("applier");
        db = SharedPostgres.cluster().connect(name);
        sql(
                "CREATE TABLE products (id bigint PRIMARY KEY, title text NOT NULL, price numeric(12,2) NOT NULL, available_quantity int NOT NULL)");
        sql("CREATE TABLE " + MARKERS
                + " (stream text PRIMARY KEY, token text NOT NULL, committed_at timestamptz NOT NULL, "
                + "applied_at timestamptz NOT NULL DEFAULT clock_timestamp())");
        db.setAutoCommit(false);
    }

    @Test
    void anUpsertThatWouldChangeNothingWritesNoNewRowVersion() throws SQLException {
        ChangeApplier applier = applier("catalog");
        applier.apply(List.of(product(Op.UPSERT, 1, "Kettle", "12.90", 5)));
        db.commit();
        String before = one("SELECT xmin::text FROM products WHERE id = 1");

        applier.apply(List.of(product(Op.UPSERT, 1, "Kettle", "12.90", 5)));
        db.commit();

        assertThat(one("SELECT xmin::text FROM products WHERE id = 1")).isEqualTo(before);
    }

    @Test
    void afterAnOwnershipMarkerTheHandedOverColumnsAreNoLongerUpdatedButRowsStillArrive() throws SQLException {
        ChangeApplier applier = applier("catalog");
        applier.apply(List.of(
                product(Op.UPSERT, 1, "Kettle", "12.90", 5),
                marker("catalog/ownership", "products:price,title"),
                product(Op.UPSERT, 1, "Old kettle", "10.00", 4),
                product(Op.UPSERT, 2, "Toaster", "30.00", 7)));
        db.commit();

        assertThat(row(1)).isEqualTo("Kettle|12.90|4");
        assertThat(row(2)).isEqualTo("Toaster|30.00|7");
        assertThat(applier.handedOver()).containsEntry("products", Set.of("price", "title"));
    }

    @Test
    void aNewApplierReadsTheOwnershipBackFromTheTarget() throws SQLException {
        applier("catalog")
                .apply(List.of(
                        product(Op.UPSERT, 1, "Kettle", "12.90", 5), marker("catalog/ownership", "products:price")));
        db.commit();

        ChangeApplier restarted = applier("catalog");
        restarted.apply(List.of(product(Op.UPSERT, 1, "Kettle", "99.00", 3)));
        db.commit();

        assertThat(row(1)).isEqualTo("Kettle|12.90|3");
        restarted.apply(List.of(marker("catalog/ownership", ""), product(Op.UPSERT, 1, "Kettle", "99.00", 3)));
        db.commit();
        assertThat(row(1)).isEqualTo("Kettle|99.00|3");
    }

    @Test
    void updateOnlyChangesTouchExistingRowsAndNeverInsert() throws SQLException {
        ChangeApplier applier = applier("catalog_reverse");
        applier.apply(List.of(product(Op.UPSERT, 1, "Kettle", "12.90", 5)));
        db.commit();

        Map<String, String> priceOnly = new LinkedHashMap<>(Map.of("id", "1", "price", "14.50"));
        applier.apply(List.of(
                new Change("products", Op.UPDATE, List.of("id"), priceOnly),
                new Change(
                        "products",
                        Op.UPDATE,
                        List.of("id"),
                        new LinkedHashMap<>(Map.of("id", "7", "price", "1.00")))));
        db.commit();

        assertThat(row(1)).isEqualTo("Kettle|14.50|5");
        assertThat(one("SELECT count(*) FROM products")).isEqualTo("1");
    }

    @Test
    void updateOnlyChangesIntoATableWhoseKeyIsGeneratedAlwaysApplyAndWriteNothingOnceEveryColumnIsHandedOver()
            throws SQLException {
        // A monolith's table keyed by an identity column, as a reverse stream (update-only) writes into it.
        sql("CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL)");
        sql("INSERT INTO accounts (name) VALUES ('Ada')");
        db.commit();
        ChangeApplier applier = applier("catalog_reverse");

        applier.apply(List.of(new Change(
                "accounts", Op.UPDATE, List.of("id"), new LinkedHashMap<>(Map.of("id", "1", "name", "Grace")))));
        db.commit();
        assertThat(one("SELECT name FROM accounts")).isEqualTo("Grace");

        applier.apply(List.of(
                marker("catalog_reverse/ownership", "accounts:name"),
                new Change(
                        "accounts",
                        Op.UPDATE,
                        List.of("id"),
                        new LinkedHashMap<>(Map.of("id", "1", "name", "Linus")))));
        db.commit();
        assertThat(one("SELECT name FROM accounts"))
                .as("the stream owns no column of accounts any more")
                .isEqualTo("Grace");
    }

    @Test
    void markersOfOtherStreamsAreNotOurs() throws SQLException {
        ChangeApplier applier = applier("catalog_reverse");

        assertThat(applier.ours(marker("catalog_reverse", "t"))).isTrue();
        assertThat(applier.ours(marker("catalog_reverse/heartbeat", "t"))).isTrue();
        assertThat(applier.ours(marker("catalog", "t"))).isFalse();
        assertThat(applier.ours(marker("catalog/heartbeat", "t"))).isFalse();
        assertThat(applier.ours(product(Op.UPSERT, 1, "x", "1.00", 1))).isTrue();
    }

    @Test
    void aMarkerAppliedAgainWithTheSameTokenAndTimeWritesNothing() throws SQLException {
        ChangeApplier applier = applier("catalog");
        Change m = marker("catalog", "t1");
        applier.apply(List.of(m));
        db.commit();
        String before = one("SELECT xmin::text FROM " + MARKERS);

        applier.apply(List.of(m));
        db.commit();

        assertThat(one("SELECT xmin::text FROM " + MARKERS)).isEqualTo(before);
    }

    @Test
    void aRunThatChangesOneRowSeveralTimesLeavesItsLastStateInOneStatement() throws SQLException {
        ChangeApplier applier = applier("catalog");
        applier.apply(List.of(
                product(Op.UPSERT, 1, "Kettle", "12.90", 5),
                product(Op.UPSERT, 2, "Toaster", "30.00", 7),
                product(Op.UPSERT, 1, "Kettle", "12.90", 4),
                product(Op.UPSERT, 1, "Steel kettle", "13.90", 3)));
        db.commit();

        assertThat(row(1)).isEqualTo("Steel kettle|13.90|3");
        assertThat(row(2)).isEqualTo("Toaster|30.00|7");
    }

    @Test
    void insertsUpdatesAndDeletesInterleavedAreAppliedInTheirOrder() throws SQLException {
        ChangeApplier applier = applier("catalog");
        List<Change> changes = new ArrayList<>();
        for (int id = 1; id <= 500; id++) {
            changes.add(product(Op.UPSERT, id, "Item " + id, "1.00", id));
        }
        changes.add(delete(7));
        changes.add(delete(8));
        changes.add(product(Op.UPSERT, 7, "Back again", "2.00", 1));
        changes.add(delete(9));
        changes.add(product(Op.UPDATE, 10, "Renamed", "3.00", 2));
        changes.add(product(Op.UPDATE, 9, "Gone, so not updated", "3.00", 2));
        applier.apply(changes);
        db.commit();

        assertThat(one("SELECT count(*) FROM products")).isEqualTo("498");
        assertThat(row(7)).isEqualTo("Back again|2.00|1");
        assertThat(row(8)).isEmpty();
        assertThat(row(9)).isEmpty();
        assertThat(row(10)).isEqualTo("Renamed|3.00|2");
        assertThat(row(500)).isEqualTo("Item 500|1.00|500");
    }

    @Test
    void textWithQuotesBackslashesBracesCommasAndNullsArrivesUnchanged() throws SQLException {
        sql("CREATE TABLE notes (id bigint PRIMARY KEY, body text, tags text[], payload bytea)");
        ChangeApplier applier = applier("catalog");
        List<String> bodies = List.of(
                "say \"hi\"",
                "back\\slash",
                "{braces}",
                "a, b",
                "NULL",
                "",
                " spaced ",
                "tab\tand\nnewline",
                "ümlaut ✓");
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            Map<String, String> columns = new LinkedHashMap<>();
            columns.put("id", Integer.toString(i));
            columns.put("body", bodies.get(i));
            columns.put("tags", "{\"x,y\",z}");
            columns.put("payload", "\\x00ff");
            changes.add(new Change("notes", Op.UPSERT, List.of("id"), columns));
        }
        Map<String, String> nulls = new LinkedHashMap<>();
        nulls.put("id", "99");
        nulls.put("body", null);
        nulls.put("tags", null);
        nulls.put("payload", null);
        changes.add(new Change("notes", Op.UPSERT, List.of("id"), nulls));
        applier.apply(changes);
        db.commit();

        for (int i = 0; i < bodies.size(); i++) {
            assertThat(one("SELECT body FROM notes WHERE id = " + i)).isEqualTo(bodies.get(i));
        }
        assertThat(one("SELECT tags[1] || '|' || tags[2] || '|' || encode(payload, 'hex') FROM notes WHERE id = 0"))
                .isEqualTo("x,y|z|00ff");
        assertThat(one("SELECT (body IS NULL AND tags IS NULL AND payload IS NULL)::text FROM notes WHERE id = 99"))
                .isEqualTo("true");
    }

    @Test
    void rowsKeepTheSourcesIdsInAKeyThatIsGeneratedAlwaysAsIdentity() throws SQLException {
        // The service kept the monolith's schema: its members are numbered by the database, never by hand.
        sql("CREATE TABLE members (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL)");
        ChangeApplier applier = applier("catalog");

        applier.apply(List.of(
                new Change(
                        "members", Op.UPSERT, List.of("id"), new LinkedHashMap<>(Map.of("id", "41", "email", "a@x"))),
                new Change(
                        "members", Op.UPSERT, List.of("id"), new LinkedHashMap<>(Map.of("id", "7", "email", "b@x")))));
        db.commit();
        applier.apply(List.of(new Change(
                "members", Op.UPSERT, List.of("id"), new LinkedHashMap<>(Map.of("id", "41", "email", "c@x")))));
        db.commit();

        assertThat(one("SELECT id || ':' || email FROM members ORDER BY id")).isEqualTo("7:b@x,41:c@x");
    }

    @Test
    void tablesAndColumnsWhoseNamesNeedQuotingAreWrittenUpdatedAndDeletedByTheirCompositeKey() throws SQLException {
        sql("CREATE TABLE \"Reading List\" (\"member\" bigint, \"book\" uuid, \"added at\" timestamptz NOT NULL, "
                + "PRIMARY KEY (\"member\", \"book\"))");
        ChangeApplier applier = applier("catalog");
        String book = "5b0c7a52-4f0e-4c56-9a53-3f1f3b2b8e01";
        List<String> key = List.of("member", "book");

        applier.apply(List.of(
                new Change("public.Reading List", Op.UPSERT, key, readingListRow("1", book, "2026-12-01T10:00:00Z")),
                new Change("public.Reading List", Op.UPSERT, key, readingListRow("2", book, "2026-12-01T11:00:00Z")),
                new Change("public.Reading List", Op.UPDATE, key, readingListRow("1", book, "2026-12-02T10:00:00Z")),
                new Change("public.Reading List", Op.DELETE, key, Map.of("member", "2", "book", book))));
        db.commit();

        assertThat(one("SELECT \"member\" || '|' || \"book\" || '|' || (\"added at\" AT TIME ZONE 'UTC') "
                        + "FROM \"Reading List\""))
                .isEqualTo("1|" + book + "|2026-12-02 10:00:00");
    }

    static Map<String, String> readingListRow(String member, String book, String addedAt) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("member", member);
        columns.put("book", book);
        columns.put("added at", addedAt);
        return columns;
    }

    static Change delete(long id) {
        return new Change("products", Op.DELETE, List.of("id"), Map.of("id", Long.toString(id)));
    }

    ChangeApplier applier(String stream) throws SQLException {
        return new ChangeApplier(db, MARKERS, stream);
    }

    static Change product(Op op, long id, String title, String price, int quantity) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("id", Long.toString(id));
        columns.put("title", title);
        columns.put("price", price);
        columns.put("available_quantity", Integer.toString(quantity));
        return new Change("products", op, List.of("id"), columns);
    }

    static Change marker(String stream, String token) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("stream", stream);
        columns.put("token", token);
        columns.put("committed_at", "2026-11-28T20:00:00.123456Z");
        return new Change(MARKERS, Op.UPSERT, List.of("stream"), columns);
    }

    String row(long id) throws SQLException {
        return one("SELECT title || '|' || price || '|' || available_quantity FROM products WHERE id = " + id);
    }

    String one(String query) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return String.join(",", values);
        }
    }

    void sql(String statement) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(statement);
        }
    }
}
