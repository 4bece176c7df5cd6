package dev.strangler.cdc.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.infra.postgres.SharedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity on tables large enough to be cut into many ranges and split down several levels, with a
 * difference of every kind planted at the edges and inside: each is found, named with its columns,
 * and nothing else is reported; the row-by-row method, read on the same data, agrees.
 */
class ParityBisectionTest {

    static final int ORDERS = 30_000;
    static MigrationPlan.Stream stream;

    @BeforeAll
    static void twoDatabasesWithPlantedDifferences() throws Exception {
        String source = SharedPostgres.freshDatabase("bisect_src");
        String target = SharedPostgres.freshDatabase("bisect_dst");
        exec(source, """
                CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, total_cents integer NOT NULL,
                  placed_at timestamp NOT NULL, note text, tags text[]);
                INSERT INTO orders SELECT i, 'customer ' || (i % 997), i * 7 % 100000, timestamp '2026-01-01' + i * interval '37 seconds',
                  CASE WHEN i % 5 = 0 THEN NULL ELSE 'note ' || i END, ARRAY['t' || (i % 3), NULL]
                  FROM generate_series(1, :orders) i;
                CREATE TABLE events (id uuid PRIMARY KEY, body bytea, amount numeric);
                INSERT INTO events SELECT md5('e' || i)::uuid, decode(md5(i::text), 'hex'), i / 8.0 FROM generate_series(1, 5000) i;
                CREATE TABLE lines (order_id bigint, line integer, qty integer NOT NULL, PRIMARY KEY (order_id, line));
                INSERT INTO lines SELECT o, l, o + l FROM generate_series(1, 5000) o, generate_series(1, 3) l;
                """.replace(":orders", Integer.toString(ORDERS)));
        exec(target, """
                CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, total numeric(12,2) NOT NULL,
                  placed_at timestamptz NOT NULL, note text, tags text[]);
                INSERT INTO orders SELECT i, 'customer ' || (i % 997), (i * 7 % 100000) / 100.0,
                  (timestamp '2026-01-01' + i * interval '37 seconds') AT TIME ZONE 'Europe/Lisbon',
                  CASE WHEN i % 5 = 0 THEN NULL ELSE 'note ' || i END, ARRAY['t' || (i % 3), NULL]
                  FROM generate_series(1, :orders) i;
                CREATE TABLE events (id uuid PRIMARY KEY, body bytea, amount numeric);
                INSERT INTO events SELECT md5('e' || i)::uuid, decode(md5(i::text), 'hex'), i / 8.0 FROM generate_series(1, 5000) i;
                CREATE TABLE lines (order_id bigint, line integer, qty integer NOT NULL, PRIMARY KEY (order_id, line));
                INSERT INTO lines SELECT o, l, o + l FROM generate_series(1, 5000) o, generate_series(1, 3) l;
                """.replace(":orders", Integer.toString(ORDERS)));
        // Rows only the target has: before the first key, after the last, and two inside (gone from the source).
        exec(source, "DELETE FROM orders WHERE id IN (5000, 5001)");
        exec(target, """
                INSERT INTO orders VALUES (-5, 'x', 1, now(), NULL, NULL), (0, 'x', 1, now(), NULL, NULL),
                  (30001, 'x', 1, now(), NULL, NULL), (40000, 'x', 1, now(), NULL, NULL);
                DELETE FROM orders WHERE id IN (2, 30000) OR id BETWEEN 10001 AND 10500;
                UPDATE orders SET customer = 'someone else' WHERE id = 1;
                UPDATE orders SET total = total + 0.01 WHERE id = 15000;
                UPDATE orders SET placed_at = placed_at + interval '1 microsecond' WHERE id = 29999;
                UPDATE orders SET note = 'was null' WHERE id = 780;
                UPDATE orders SET note = NULL WHERE id = 781;
                UPDATE orders SET tags = ARRAY['t0', 'NULL'] WHERE id = 4242;
                UPDATE orders SET customer = 'two columns', total = 0 WHERE id = 12345;
                DELETE FROM events WHERE id IN (md5('e1')::uuid, md5('e2500')::uuid, md5('e5000')::uuid);
                UPDATE events SET body = '\\x00' WHERE id = md5('e7')::uuid;
                UPDATE events SET amount = 1.00 WHERE id = md5('e8')::uuid;
                INSERT INTO events VALUES ('00000000-0000-0000-0000-000000000000', NULL, NULL),
                  ('ffffffff-ffff-ffff-ffff-ffffffffffff', NULL, NULL);
                DELETE FROM lines WHERE (order_id, line) = (7, 2);
                UPDATE lines SET qty = 0 WHERE (order_id, line) = (4000, 3);
                INSERT INTO lines VALUES (5000, 4, 1), (1, 0, 1);
                """);
        stream = new PlanReader()
                .read(
                        "p",
                        """
                streams:
                  - name: p
                    source: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    tables:
                      - source: public.orders
                        target: orders
                        key: [id]
                        columns:
                          id: {}
                          customer: {}
                          total_cents: {to: total, convert: cents-to-decimal}
                          placed_at: {convert: timestamp-in-zone, zone: Europe/Lisbon}
                          note: {}
                          tags: {}
                      - {source: public.events, target: events, key: [id], columns: {id: {}, body: {}, amount: {}}}
                      - {source: public.lines, target: lines, key: [order_id, line], columns: {order_id: {}, line: {}, qty: {}}}
                """.formatted(
                                        SharedPostgres.cluster().jdbcUrl(source),
                                        SharedPostgres.cluster().jdbcUrl(target)),
                        SharedPostgres::environment)
                .streams()
                .get(0);
    }

    @Test
    void everyPlantedDifferenceIsFoundWithItsColumnsAndNothingElse() throws Exception {
        List<String> progress = new ArrayList<>();
        List<Parity.TableParity> tables = new Parity(1_000, Parity.Method.BISECT, 3).compare(stream, progress::add);

        Parity.TableParity orders = tables.get(0);
        List<String> missing = new ArrayList<>(List.of("2"));
        LongStream.rangeClosed(10001, 10500).forEach(i -> missing.add(Long.toString(i)));
        missing.add("30000");
        assertThat(orders.missing()).as("missing in the target, in key order").containsExactlyElementsOf(missing);
        assertThat(orders.extra()).containsExactly("-5", "0", "5000", "5001", "30001", "40000");
        assertThat(orders.differentColumns())
                .as("each different row with the target columns that differ")
                .containsExactly(
                        Map.entry("1", List.of("customer")),
                        Map.entry("780", List.of("note")),
                        Map.entry("781", List.of("note")),
                        Map.entry("4242", List.of("tags")),
                        Map.entry("12345", List.of("customer", "total")),
                        Map.entry("15000", List.of("total")),
                        Map.entry("29999", List.of("placed_at")));
        assertThat(orders.different()).containsExactly("1", "780", "781", "4242", "12345", "15000", "29999");
        assertThat(List.of(orders.missingCount(), orders.extraCount(), orders.differentCount()))
                .containsExactly(502L, 6L, 7L);
        assertThat(orders.sourceRows()).isEqualTo(ORDERS - 2);
        assertThat(orders.targetRows()).isEqualTo(ORDERS + 4 - 502);

        Parity.TableParity events = tables.get(1);
        assertThat(events.missing())
                .containsExactlyInAnyOrder(
                        ParityTest.uuidOfMd5("e1"), ParityTest.uuidOfMd5("e2500"), ParityTest.uuidOfMd5("e5000"));
        assertThat(events.extra())
                .containsExactly("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff");
        assertThat(events.differentColumns())
                .as("1.0 and 1.00 are different numeric text")
                .containsOnly(
                        Map.entry(ParityTest.uuidOfMd5("e7"), List.of("body")),
                        Map.entry(ParityTest.uuidOfMd5("e8"), List.of("amount")));

        Parity.TableParity lines = tables.get(2);
        assertThat(lines.missing()).containsExactly("7,2");
        assertThat(lines.extra()).containsExactly("1,0", "5000,4");
        assertThat(lines.differentColumns()).containsExactly(Map.entry("4000,3", List.of("qty")));
        assertThat(lines.sourceRows()).isEqualTo(15_000);
    }

    @Test
    void theRowByRowMethodReportsTheSameKeys() {
        List<Parity.TableParity> bisected = new Parity(1_000, Parity.Method.BISECT, 2).compare(stream, line -> {});
        List<Parity.TableParity> merged = new Parity(1_000, Parity.Method.ROWS, 1).compare(stream, line -> {});

        for (int i = 0; i < merged.size(); i++) {
            Parity.TableParity b = bisected.get(i);
            Parity.TableParity m = merged.get(i);
            assertThat(List.of(b.missing(), b.extra(), b.different(), b.sourceRows(), b.targetRows()))
                    .as(m.source())
                    .isEqualTo(List.of(m.missing(), m.extra(), m.different(), m.sourceRows(), m.targetRows()));
        }
    }

    @Test
    void tablesThatAgreeAreEqualWithOneRangeOrMany() throws Exception {
        String left = SharedPostgres.freshDatabase("bisect_equal_src");
        String right = SharedPostgres.freshDatabase("bisect_equal_dst");
        for (String db : List.of(left, right)) {
            exec(db, """
                    CREATE TABLE t (id bigint PRIMARY KEY, v text);
                    INSERT INTO t SELECT i, 'v' || i FROM generate_series(1, 20000) i;
                    CREATE TABLE empty (id bigint PRIMARY KEY, v text);
                    """);
        }
        MigrationPlan.Stream same = new PlanReader()
                .read(
                        "p",
                        """
                streams:
                  - name: same
                    source: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    tables:
                      - {source: public.t, target: t, key: [id], columns: {id: {}, v: {}}}
                      - {source: public.empty, target: empty, key: [id], columns: {id: {}, v: {}}}
                """.formatted(
                                        SharedPostgres.cluster().jdbcUrl(left),
                                        SharedPostgres.cluster().jdbcUrl(right)),
                        SharedPostgres::environment)
                .streams()
                .get(0);

        for (int chunk : List.of(100, 1_000_000)) {
            List<Parity.TableParity> result = new Parity(chunk).compare(same, line -> {});
            assertThat(result)
                    .allSatisfy(r -> assertThat(r.equal()).as(chunk + ": " + r).isTrue());
            assertThat(result.get(0).sourceRows()).isEqualTo(20_000);
            assertThat(result.get(0).targetRows()).isEqualTo(20_000);
            assertThat(result.get(1).sourceRows()).isZero();
        }
    }

    @Test
    void aTableIsComparedWholeEvenWhenItsFirstRangesAreCheckedBeforeItsLastAreSubmitted() throws Exception {
        String left = SharedPostgres.freshDatabase("bisect_race_src");
        String right = SharedPostgres.freshDatabase("bisect_race_dst");
        for (String db : List.of(left, right)) {
            exec(db, """
                    CREATE TABLE t (id bigint PRIMARY KEY, v text);
                    INSERT INTO t SELECT i, 'v' || i FROM generate_series(1, 40) i;
                    """);
        }
        exec(right, "UPDATE t SET v = 'changed' WHERE id = 40");
        MigrationPlan.Stream stream = new PlanReader()
                .read(
                        "p",
                        """
                streams:
                  - name: race
                    source: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    tables:
                      - {source: public.t, target: t, key: [id], columns: {id: {}, v: {}}}
                """.formatted(
                                        SharedPostgres.cluster().jdbcUrl(left),
                                        SharedPostgres.cluster().jdbcUrl(right)),
                        SharedPostgres::environment)
                .streams()
                .get(0);

        // Twenty first ranges of two rows, each checked in the thread that submits it, at once: the first is done
        // before the second is submitted, as it may be on a busy machine. A run that ended there had counted two
        // rows of forty and missed the changed one.
        Parity.TableParity t = new Parity(2, Parity.Method.BISECT, 4, Runnable::run)
                .compare(stream, line -> {})
                .get(0);

        assertThat(t.sourceRows()).as(t.toString()).isEqualTo(40);
        assertThat(t.different()).containsExactly("40");
    }

    static void exec(String db, String sql) throws Exception {
        try (Connection c = SharedPostgres.cluster().connect(db);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
