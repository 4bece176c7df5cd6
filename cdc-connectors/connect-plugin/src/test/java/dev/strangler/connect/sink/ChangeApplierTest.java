package dev.strangler.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strangler.connect.sink.ChangeApplier.Change;
import dev.strangler.connect.sink.ChangeApplier.Op;
import dev.strangler.infra.postgres.SharedPostgres;

/** The sink's statements against a real PostgreSQL: upserts, update-only, echo guard, ownership, marker filtering. */
class ChangeApplierTest {

    static final String MARKERS = "strangler_sync_marker";
    Connection db;

    @BeforeEach
    void freshTarget() throws SQLException {
        String name = SharedPostgres.freshDatabase("applier");
        db = SharedPostgres.cluster().connect(name);
        sql("CREATE TABLE products (id bigint PRIMARY KEY, title text NOT NULL, price numeric(12,2) NOT NULL, available_quantity int NOT NULL)");
        sql("CREATE TABLE " + MARKERS + " (stream text PRIMARY KEY, token text NOT NULL, committed_at timestamptz NOT NULL, "
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
        assertThat(applier.handedOver()).containsEntry("products", java.util.Set.of("price", "title"));
    }

    @Test
    void aNewApplierReadsTheOwnershipBackFromTheTarget() throws SQLException {
        applier("catalog").apply(List.of(product(Op.UPSERT, 1, "Kettle", "12.90", 5), marker("catalog/ownership", "products:price")));
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
        applier.apply(List.of(new Change("products", Op.UPDATE, List.of("id"), priceOnly),
                new Change("products", Op.UPDATE, List.of("id"), new LinkedHashMap<>(Map.of("id", "7", "price", "1.00")))));
        db.commit();

        assertThat(row(1)).isEqualTo("Kettle|14.50|5");
        assertThat(one("SELECT count(*) FROM products")).isEqualTo("1");
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
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(query)) {
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
