package dev.strangler.cdc.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.infra.kafka.SharedKafka;
import dev.strangler.infra.postgres.SharedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A catalog stream for real: a legacy wide products table and its categories in one PostgreSQL
 * database, a differently shaped catalog schema in another, Debezium on a real Kafka Connect worker
 * with our plugin in between. Snapshot first, then streaming of inserts, updates and deletes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogStreamTest {

    static MigrationPlan.Stream stream;
    static String sourceDb;
    static String targetDb;
    static final SyncBarrier BARRIER = new SyncBarrier();

    @BeforeAll
    static void schemasAndSnapshotData() throws Exception {
        sourceDb = SharedPostgres.freshDatabase("legacy");
        targetDb = SharedPostgres.freshDatabase("catalog");
        sql(sourceDb, """
                CREATE TABLE categories (id bigserial PRIMARY KEY, name text NOT NULL, slug text NOT NULL);
                CREATE TABLE products (id bigserial PRIMARY KEY, sku text NOT NULL, name text NOT NULL, description text NOT NULL,
                  category_id bigint NOT NULL REFERENCES categories(id), price_cents integer NOT NULL, currency char(3) NOT NULL,
                  stock_qty integer NOT NULL, warehouse_bin text, status char(1) NOT NULL, created_at timestamp NOT NULL,
                  photo bytea, tags text[], dims integer[]);
                INSERT INTO categories (name, slug) SELECT 'Category ' || i, 'cat-' || i FROM generate_series(1, 3) i;
                INSERT INTO products (sku, name, description, category_id, price_cents, currency, stock_qty, warehouse_bin, status, created_at)
                  SELECT 'SKU-' || i, 'Product ' || i, 'Description ' || i, 1 + i % 3, 100 * i + 90, 'EUR', i, 'BIN-' || i,
                         CASE WHEN i % 10 = 0 THEN 'R' ELSE 'A' END, timestamp '2026-06-01 12:00:00' + i * interval '1 minute'
                  FROM generate_series(1, 50) i;
                """);
        sql(targetDb, """
                CREATE TABLE catalog_categories (id bigint PRIMARY KEY, name text NOT NULL, slug text NOT NULL);
                CREATE TABLE catalog_products (id bigint PRIMARY KEY, sku text NOT NULL, title text NOT NULL, description text NOT NULL,
                  category_id bigint NOT NULL REFERENCES catalog_categories(id), price numeric(12,2) NOT NULL, currency text NOT NULL,
                  status text NOT NULL, created_at timestamptz NOT NULL, photo bytea, tags text[], dims integer[]);
                """);
        MigrationPlan plan = new PlanReader()
                .read(
                        "test-plan.yaml",
                        """
                streams:
                  - name: %s
                    source: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    tables:
                      - source: public.categories
                        target: catalog_categories
                        key: [id]
                        columns: {id: {}, name: {}, slug: {}}
                      - source: public.products
                        target: catalog_products
                        key: [id]
                        columns:
                          id: {}
                          sku: {}
                          name: {to: title}
                          description: {}
                          category_id: {}
                          price_cents: {to: price, convert: cents-to-decimal}
                          currency: {}
                          status: {convert: map, values: {A: ACTIVE, R: RETIRED}}
                          created_at: {convert: timestamp-in-zone, zone: Europe/Berlin}
                          photo: {}
                          tags: {}
                          dims: {}
                """.formatted(
                                        sourceDb,
                                        SharedPostgres.cluster().jdbcUrl(sourceDb),
                                        SharedPostgres.cluster().jdbcUrl(targetDb)),
                        SharedPostgres::environment);
        stream = plan.streams().get(0);
        new CdcStreams(new ConnectClient(SharedKafka.connect().restUrl())).apply("test-plan.yaml", plan, stream);
    }

    @Test
    @Order(1)
    void theSnapshotArrivesMappedIntoTheServiceSchema() throws Exception {
        SyncBarrier.Passed passed = BARRIER.await(stream, Duration.ofSeconds(120));

        assertThat(passed.appliedAt()).isAfterOrEqualTo(passed.committedAt());
        assertThat(count(targetDb, "catalog_categories")).isEqualTo(3);
        assertThat(count(targetDb, "catalog_products")).isEqualTo(50);
        assertThat(
                        query(
                                targetDb,
                                "SELECT title, price::text, status, created_at AT TIME ZONE 'UTC' FROM catalog_products WHERE id = 10"))
                .containsExactly("Product 10", "10.90", "RETIRED", "2026-06-01 10:10:00");
    }

    @Test
    @Order(2)
    void aParentAndItsChildInOneTransactionArriveInOrder() throws Exception {
        sql(sourceDb, """
                BEGIN;
                INSERT INTO categories (id, name, slug) VALUES (100, 'New', 'new');
                INSERT INTO products (id, sku, name, description, category_id, price_cents, currency, stock_qty, status, created_at)
                  VALUES (1000, 'SKU-NEW', 'Newcomer', 'fresh', 100, 4999, 'EUR', 5, 'A', timestamp '2026-11-28 09:00:00');
                COMMIT;
                """);
        BARRIER.await(stream, Duration.ofSeconds(60));
        assertThat(query(
                        targetDb, "SELECT title, category_id::text, price::text FROM catalog_products WHERE id = 1000"))
                .containsExactly("Newcomer", "100", "49.99");
    }

    @Test
    @Order(3)
    void largeIncompressibleTextBinaryAndArrayValuesSurviveUpdatesThatDoNotTouchThem() throws Exception {
        // Random content: compression cannot bring it under the page limit, so PostgreSQL stores it out of line (TOAST)
        // and logs an update that does not touch it without it; Debezium sends a placeholder instead of the value.
        sql(sourceDb, """
                UPDATE products SET
                  description = (SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 1000)),
                  photo = (SELECT decode(string_agg(md5(random()::text), ''), 'hex') FROM generate_series(1, 1000)),
                  tags = (SELECT array_agg(md5(random()::text) || ' "quoted", \\ and {braces}') FROM generate_series(1, 600)),
                  dims = (SELECT array_agg((random() * 2000000000)::integer) FROM generate_series(1, 6000))
                WHERE id = 12;
                """);
        BARRIER.await(stream, Duration.ofSeconds(60));
        String fingerprint =
                "SELECT md5(description) || md5(photo) || md5(tags::text) || md5(dims::text) FROM %s WHERE id = 12";
        String source = query(sourceDb, fingerprint.formatted("products")).get(0);
        assertThat(query(targetDb, fingerprint.formatted("catalog_products")))
                .as("the large values arrive whole")
                .containsExactly(source);
        assertThat(query(
                        sourceDb,
                        "SELECT pg_column_size(description) > 8000 AND pg_column_size(photo) > 8000 AND pg_column_size(tags) > 8000 "
                                + "AND pg_column_size(dims) > 8000 FROM products WHERE id = 12"))
                .as("stored out of line, not compressed inline")
                .containsExactly("t");

        sql(sourceDb, "UPDATE products SET price_cents = 1234 WHERE id = 12");
        BARRIER.await(stream, Duration.ofSeconds(60));

        assertThat(query(targetDb, "SELECT price::text FROM catalog_products WHERE id = 12"))
                .containsExactly("12.34");
        assertThat(query(targetDb, fingerprint.formatted("catalog_products")))
                .as("kept, not overwritten with Debezium's placeholder")
                .containsExactly(source);
    }

    @Test
    @Order(4)
    void updatesAndDeletesFollowAndLargeValuesSurviveUpdatesThatDoNotTouchThem() throws Exception {
        String large = "x".repeat(50_000);
        sql(sourceDb, "UPDATE products SET description = '" + large + "' WHERE id = 5");
        sql(sourceDb, "UPDATE products SET price_cents = 777 WHERE id = 5");
        sql(sourceDb, "UPDATE products SET stock_qty = 0 WHERE id = 6"); // a column the service does not take
        sql(sourceDb, "DELETE FROM products WHERE id = 7");
        BARRIER.await(stream, Duration.ofSeconds(60));

        assertThat(query(targetDb, "SELECT price::text, length(description)::text FROM catalog_products WHERE id = 5"))
                .containsExactly("7.77", "50000");
        assertThat(count(targetDb, "catalog_products WHERE id = 7")).isZero();
    }

    @Test
    @Order(5)
    void theBarrierWaitsForCommitsMadeJustBeforeIt() throws Exception {
        for (int i = 0; i < 20; i++) {
            sql(sourceDb, "UPDATE products SET name = 'Burst " + i + "' WHERE id = 8");
            BARRIER.await(stream, Duration.ofSeconds(30));
            assertThat(query(targetDb, "SELECT title FROM catalog_products WHERE id = 8"))
                    .containsExactly("Burst " + i);
        }
    }

    @Test
    @Order(6)
    void statusShowsRunningConnectorsAnActiveSlotAndTheLag() {
        StreamStatus status = new CdcStreams(
                        new ConnectClient(SharedKafka.connect().restUrl()))
                .status(stream, Duration.ofSeconds(30));

        assertThat(status.notes()).isEmpty();
        assertThat(status.connectors())
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.running()).isTrue());
        assertThat(status.slot().active()).isTrue();
        assertThat(status.lag()).isNotNull().isLessThan(Duration.ofSeconds(10));
    }

    @Test
    @Order(6)
    void connectListsTheStreamsConnectorsByName() {
        List<String> names = new ConnectClient(SharedKafka.connect().restUrl()).connectors();

        // Other tests of this JVM share the worker: theirs may be there too.
        assertThat(names)
                .contains("strangler-" + stream.name() + "-source", "strangler-" + stream.name() + "-sink")
                .isSorted();
    }

    @Test
    @Order(7)
    void parityIsExactAfterAllOfThat() {
        List<Parity.TableParity> result = new Parity(7).compare(stream, line -> {});
        assertThat(result)
                .hasSize(2)
                .allSatisfy(t -> assertThat(t.equal()).as(t.toString()).isTrue());
        assertThat(result.get(1).sourceRows()).isEqualTo(50);
    }

    @Test
    @Order(8)
    void parityNamesTheKeysThatAreMissingExtraOrDifferentInTheTarget() throws Exception {
        new ConnectClient(SharedKafka.connect().restUrl()).delete("strangler-" + stream.name() + "-sink");
        sql(targetDb, "UPDATE catalog_products SET price = price + 0.01 WHERE id = 3");
        sql(targetDb, "DELETE FROM catalog_products WHERE id = 4");
        sql(
                targetDb,
                "INSERT INTO catalog_products SELECT 5000, sku, title, description, category_id, price, currency, status, "
                        + "created_at FROM catalog_products WHERE id = 1");

        Parity.TableParity products = new Parity(7).compare(stream, line -> {}).get(1);

        assertThat(products.equal()).isFalse();
        assertThat(products.different()).containsExactly("3");
        assertThat(products.missing()).containsExactly("4");
        assertThat(products.extra()).containsExactly("5000");
    }

    static void sql(String db, String statements) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(db);
                Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    static long count(String db, String tableAndWhere) throws SQLException {
        return Long.parseLong(
                query(db, "SELECT count(*)::text FROM " + tableAndWhere).get(0));
    }

    static List<String> query(String db, String sql) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.add(rs.getString(i));
                }
            }
            return out;
        }
    }
}
