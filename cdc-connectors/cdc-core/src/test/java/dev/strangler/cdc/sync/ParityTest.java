package dev.strangler.cdc.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.infra.postgres.SharedPostgres;

/** Parity through the mapping, on two databases filled by hand (no pipeline needed). */
class ParityTest {

    static MigrationPlan.Stream stream;
    static String source;
    static String target;

    @BeforeAll
    static void twoDatabasesThatAgree() throws Exception {
        source = SharedPostgres.freshDatabase("parity_src");
        target = SharedPostgres.freshDatabase("parity_dst");
        exec(source, """
                CREATE TABLE products (id bigint PRIMARY KEY, code text NOT NULL, name text, price_cents int NOT NULL, status char(1) NOT NULL,
                  created_at timestamp NOT NULL);
                INSERT INTO products SELECT i, 'c' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'n' || i END, i * 10 + 5,
                  CASE WHEN i % 2 = 0 THEN 'A' ELSE 'R' END, timestamp '2026-01-01 00:00' + i * interval '1 hour'
                  FROM generate_series(1, 1000) i;
                """);
        exec(target, """
                CREATE TABLE items (id bigint PRIMARY KEY, code text NOT NULL, title text, price numeric(10,2) NOT NULL, status text NOT NULL,
                  created_at timestamptz NOT NULL);
                INSERT INTO items SELECT i, 'c' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'n' || i END, (i * 10 + 5) / 100.0,
                  CASE WHEN i % 2 = 0 THEN 'ACTIVE' ELSE 'RETIRED' END,
                  (timestamp '2026-01-01 00:00' + i * interval '1 hour') AT TIME ZONE 'Europe/Berlin' FROM generate_series(1, 1000) i;
                """);
        stream = new PlanReader().read("p", """
                streams:
                  - name: p
                    source: {url: "%s", user: postgres}
                    target: {url: "%s", user: postgres}
                    tables:
                      - source: public.products
                        target: items
                        key: [id]
                        columns:
                          id: {}
                          code: {}
                          name: {to: title}
                          price_cents: {to: price, convert: cents-to-decimal}
                          status: {convert: map, values: {A: ACTIVE, R: RETIRED}}
                          created_at: {convert: timestamp-in-zone, zone: Europe/Berlin}
                """.formatted(SharedPostgres.cluster().jdbcUrl(source), SharedPostgres.cluster().jdbcUrl(target))).streams().get(0);
    }

    @Test
    void tablesThatAgreeThroughTheMappingAreEqualAcrossManyChunks() {
        List<Parity.TableParity> result = new Parity(7).compare(stream, line -> { });
        assertThat(result.get(0).equal()).as(result.get(0).toString()).isTrue();
        assertThat(result.get(0).sourceRows()).isEqualTo(1000);
    }

    @Test
    void aTextKeyIsComparedInTheSameOrderOnBothSides() throws Exception {
        MigrationPlan.Stream byCode = new MigrationPlan.Stream("p", stream.source(), stream.target(), List.of(
                new MigrationPlan.Table("public.products", "items", List.of("code"), stream.tables().get(0).columns())));
        exec(target, "CREATE UNIQUE INDEX IF NOT EXISTS items_code ON items (code)");
        assertThat(new Parity(13).compare(byCode, line -> { }).get(0).equal()).isTrue();
    }

    static void exec(String db, String sql) throws Exception {
        try (Connection c = SharedPostgres.cluster().connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
