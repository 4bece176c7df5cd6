package dev.strangler.cdc.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.infra.kafka.SharedKafka;
import dev.strangler.infra.postgres.SharedPostgres;

/**
 * Per-column ownership for real: the monolith's wide table keeps stock, the service takes the catalog
 * columns over, each side's changes reach the other, and nothing echoes. Every row version either
 * database writes is counted by a trigger (in tables no stream carries), so "settles after at most
 * one round trip" is measured, not assumed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoWaySyncTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final SyncBarrier BARRIER = new SyncBarrier();
    static String monolith;
    static String catalog;
    static MigrationPlan.Stream forward;
    static MigrationPlan.Stream reverse;
    static CdcStreams streams;

    @BeforeAll
    static void forwardStreamRunning() throws Exception {
        monolith = SharedPostgres.freshDatabase("twoway_monolith");
        catalog = SharedPostgres.freshDatabase("twoway_catalog");
        sql(monolith, """
                CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL, description text NOT NULL, price_cents integer NOT NULL,
                  stock_qty integer NOT NULL, warehouse_bin text, updated_at timestamp NOT NULL DEFAULT now());
                INSERT INTO products (id, name, description, price_cents, stock_qty, warehouse_bin)
                  SELECT i, 'Product ' || i, 'About ' || i, 1000 + i, 50, 'BIN-' || i FROM generate_series(1, 100) i;
                """ + WRITES_COUNTED);
        sql(catalog, """
                CREATE TABLE products (id bigint PRIMARY KEY, title text NOT NULL, description text NOT NULL, price numeric(12,2) NOT NULL,
                  available_quantity integer NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
                """ + WRITES_COUNTED);
        MigrationPlan plan = new PlanReader().read("twoway.yaml", """
                streams:
                  - name: %1$s
                    source: {url: "%2$s", user: postgres}
                    target: {url: "%3$s", user: postgres}
                    tables:
                      - source: public.products
                        target: products
                        key: [id]
                        columns: {id: {}, name: {to: title}, description: {}, price_cents: {to: price, convert: cents-to-decimal},
                                  stock_qty: {to: available_quantity}}
                  - name: %1$s_reverse
                    reverse-of: %1$s
                    source: {url: "%3$s", user: postgres}
                    target: {url: "%2$s", user: postgres}
                    tables:
                      - source: public.products
                        target: products
                        key: [id]
                        apply: update-only
                        columns: {id: {}, title: {to: name}, description: {}, price: {to: price_cents, convert: decimal-to-cents}}
                """.formatted(monolith, SharedPostgres.cluster().jdbcUrl(monolith), SharedPostgres.cluster().jdbcUrl(catalog)));
        forward = plan.streams().get(0);
        reverse = plan.streams().get(1);
        streams = new CdcStreams(new ConnectClient(SharedKafka.connect().restUrl()));
        streams.apply("twoway.yaml", plan, forward);
        BARRIER.await(forward, Duration.ofSeconds(120));
    }

    /** Counts each row version a database writes to products (inserts and real updates: a skipped no-op update fires nothing). */
    static final String WRITES_COUNTED = """
            CREATE TABLE writes_seen (product_id bigint NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
            CREATE FUNCTION count_write() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN INSERT INTO writes_seen (product_id) VALUES (NEW.id); RETURN NEW; END $$;
            CREATE TRIGGER count_write AFTER INSERT OR UPDATE ON products FOR EACH ROW EXECUTE FUNCTION count_write();
            """;

    @Test
    @Order(1)
    void theCutoverHandsTheCatalogColumnsToTheServiceThroughTheStream() throws Exception {
        Map<String, Set<String>> columns = ColumnOwnership.takenOverBy(forward, reverse);
        assertThat(columns).containsExactly(Map.entry("products", Set.of("description", "price", "title")));

        BARRIER.handOver(forward, columns, TIMEOUT);
        streams.apply("twoway.yaml", new MigrationPlan(List.of(forward, reverse)), reverse);

        sql(monolith, "UPDATE products SET price_cents = 1, stock_qty = 49 WHERE id = 100");
        settle();
        assertThat(one(catalog, "SELECT price || '/' || available_quantity FROM products WHERE id = 100"))
                .as("stock still flows; the monolith's write to a column it no longer owns does not").isEqualTo("11.00/49");
    }

    @Test
    @Order(2)
    void aServiceChangeReachesTheMonolithAndSettlesAfterOneRoundTrip() throws Exception {
        long monolithBefore = writes(monolith, 7);
        long catalogBefore = writes(catalog, 7);

        sql(catalog, "UPDATE products SET price = 19.99, title = 'Renamed', updated_at = now() WHERE id = 7");
        settle();

        assertThat(one(monolith, "SELECT name || '/' || price_cents || '/' || stock_qty FROM products WHERE id = 7")).isEqualTo("Renamed/1999/50");
        assertThat(writes(catalog, 7) - catalogBefore).as("row versions written in the catalog: the service's write only").isEqualTo(1);
        assertThat(writes(monolith, 7) - monolithBefore).as("row versions written in the monolith: the reverse stream's only").isEqualTo(1);
    }

    @Test
    @Order(3)
    void aMonolithStockChangeReachesTheServiceAndSettlesAfterOneRoundTrip() throws Exception {
        long monolithBefore = writes(monolith, 8);
        long catalogBefore = writes(catalog, 8);

        sql(monolith, "UPDATE products SET stock_qty = 3, updated_at = now() WHERE id = 8");
        settle();

        assertThat(one(catalog, "SELECT available_quantity FROM products WHERE id = 8")).isEqualTo("3");
        assertThat(writes(monolith, 8) - monolithBefore).isEqualTo(1);
        assertThat(writes(catalog, 8) - catalogBefore).isEqualTo(1);
    }

    @Test
    @Order(4)
    void bothSidesWritingTheSameRowsAtOnceEndWithEachOwnersLastValue() throws Exception {
        // One row per transaction, as an application's requests do; the sinks' batches contend with them for row locks.
        CompletableFuture<Void> stock = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 60; i++) {
                for (int id = 10; id < 20; id++) {
                    exec(monolith, "UPDATE products SET stock_qty = " + i + ", updated_at = now() WHERE id = " + id);
                }
            }
        });
        CompletableFuture<Void> prices = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 60; i++) {
                for (int id = 10; id < 20; id++) {
                    exec(catalog, "UPDATE products SET price = " + (i + 1) + ".50, updated_at = now() WHERE id = " + id);
                }
            }
        });
        CompletableFuture.allOf(stock, prices).get();
        settle();

        assertThat(one(monolith, "SELECT string_agg(DISTINCT price_cents || '/' || stock_qty, ',') FROM products WHERE id BETWEEN 10 AND 19"))
                .isEqualTo("6050/59");
        assertThat(one(catalog, "SELECT string_agg(DISTINCT price || '/' || available_quantity, ',') FROM products WHERE id BETWEEN 10 AND 19"))
                .isEqualTo("60.50/59");
        assertThat(new Parity(1_000).compare(forward, l -> { }).get(0).equal()).isTrue();
    }

    @Test
    @Order(5)
    void afterTheRollbackTheMonolithOwnsEverythingAgainAndTheReverseStreamIsGone() throws Exception {
        BARRIER.handOver(reverse, ColumnOwnership.everything(reverse), TIMEOUT);
        BARRIER.handOver(forward, Map.of(), TIMEOUT);
        assertThat(streams.remove(reverse, TIMEOUT)).contains("replication slot strangler_" + reverse.name() + " dropped");

        sql(monolith, "UPDATE products SET price_cents = 777 WHERE id = 7");
        BARRIER.await(forward, TIMEOUT);

        assertThat(one(catalog, "SELECT price FROM products WHERE id = 7")).isEqualTo("7.77");
        assertThat(new Parity(1_000).compare(forward, l -> { }).get(0).equal()).isTrue();
        assertThat(one(monolith, "SELECT count(*) FROM strangler_sync_marker WHERE stream LIKE '%reverse%'")).isEqualTo("0");
    }

    @Test
    @Order(6)
    void aSecondCutoverDoesNotReplayTheServiceWritesOfTheFirstIntoTheMonolith() throws Exception {
        Map<String, Set<String>> columns = ColumnOwnership.takenOverBy(forward, reverse);
        cutOver(columns);
        sql(catalog, "UPDATE products SET price = 5.55, updated_at = now() WHERE id = 9");
        settle();
        assertThat(one(monolith, "SELECT price_cents FROM products WHERE id = 9")).isEqualTo("555");
        rollBack();

        sql(monolith, "UPDATE products SET price_cents = 888 WHERE id = 9");
        BARRIER.await(forward, TIMEOUT);
        cutOver(columns);
        settle();

        assertThat(one(monolith, "SELECT price_cents FROM products WHERE id = 9"))
                .as("the first cutover's service write, still in the reverse stream's topic, is not applied again").isEqualTo("888");
        assertThat(one(catalog, "SELECT price FROM products WHERE id = 9")).isEqualTo("8.88");
        rollBack();
    }

    /** As `strangler writes cutover` does it (without the gateway): reverse stream inert, hand-over, activation in order. */
    static void cutOver(Map<String, Set<String>> columns) {
        streams.startInert(reverse);
        BARRIER.handOver(forward, columns, TIMEOUT);
        BARRIER.handOverInOrder(reverse, Map.of());
    }

    static void rollBack() {
        BARRIER.handOver(reverse, ColumnOwnership.everything(reverse), TIMEOUT);
        BARRIER.handOver(forward, Map.of(), TIMEOUT);
        streams.remove(reverse, TIMEOUT);
    }

    /** Both ways, twice: whatever one stream applied has had its chance to travel back and be applied (or skipped). */
    static void settle() {
        for (int i = 0; i < 2; i++) {
            BARRIER.await(reverse, TIMEOUT);
            BARRIER.await(forward, TIMEOUT);
        }
    }

    static long writes(String db, long id) throws SQLException {
        return Long.parseLong(one(db, "SELECT count(*) FROM writes_seen WHERE product_id = " + id));
    }

    static void exec(String db, String statement) {
        try {
            sql(db, statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sql(String db, String statements) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(db); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    static String one(String db, String query) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
