package dev.strangler.cdc.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.strangler.cdc.conversion.Conversion;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.infra.postgres.SharedPostgres;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        stream = new PlanReader()
                .read(
                        "p",
                        """
                streams:
                  - name: p
                    source: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
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
                """.formatted(
                                        SharedPostgres.cluster().jdbcUrl(source),
                                        SharedPostgres.cluster().jdbcUrl(target)),
                        SharedPostgres::environment)
                .streams()
                .get(0);
    }

    @Test
    void tablesThatAgreeThroughTheMappingAreEqualAcrossManyChunks() {
        List<Parity.TableParity> result = new Parity(7).compare(stream, line -> {});
        assertThat(result.get(0).equal()).as(result.get(0).toString()).isTrue();
        assertThat(result.get(0).sourceRows()).isEqualTo(1000);
    }

    @Test
    void aTextKeyIsComparedInTheSameOrderOnBothSides() throws Exception {
        MigrationPlan.Stream byCode = new MigrationPlan.Stream(
                "p",
                stream.source(),
                stream.target(),
                List.of(new MigrationPlan.Table(
                        "public.products",
                        "items",
                        List.of("code"),
                        stream.tables().get(0).columns())));
        exec(target, "CREATE UNIQUE INDEX IF NOT EXISTS items_code ON items (code)");
        assertThat(new Parity(13).compare(byCode, line -> {}).get(0).equal()).isTrue();
    }

    @Test
    void aReverseStreamThatTurnsDecimalsBackIntoCentsReportsEqualRowsAsEqualAndADifferentPriceAsDifferent()
            throws Exception {
        String service = SharedPostgres.freshDatabase("parity_service");
        String monolith = SharedPostgres.freshDatabase("parity_monolith");
        exec(service, """
                CREATE TABLE products (id bigint PRIMARY KEY, title text NOT NULL, price numeric(12,2) NOT NULL);
                INSERT INTO products SELECT i, 'n' || i, (i * 10 + 5) / 100.0 FROM generate_series(1, 300) i;
                """);
        exec(monolith, """
                CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL, price_cents integer NOT NULL, stock_qty integer NOT NULL);
                INSERT INTO products SELECT i, 'n' || i, i * 10 + 5, i % 3 FROM generate_series(1, 300) i;
                """);
        MigrationPlan.Stream reverse = new PlanReader()
                        .read(
                                "p",
                                """
                streams:
                  - name: catalog
                    source: {url: "%1$s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%2$s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    tables:
                      - {source: public.products, target: products, key: [id],
                         columns: {id: {}, name: {to: title}, price_cents: {to: price, convert: cents-to-decimal}}}
                  - name: catalog_reverse
                    reverse-of: catalog
                    source: {url: "%2$s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%1$s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    tables:
                      - {source: public.products, target: products, key: [id], apply: update-only,
                         columns: {id: {}, title: {to: name}, price: {to: price_cents, convert: decimal-to-cents}}}
                """.formatted(
                                                SharedPostgres.cluster().jdbcUrl(monolith),
                                                SharedPostgres.cluster().jdbcUrl(service)),
                                SharedPostgres::environment)
                        .stream("catalog_reverse")
                        .orElseThrow();

        Parity.TableParity inSync = new Parity(7).compare(reverse, line -> {}).get(0);
        assertThat(inSync.equal())
                .as("12.95 in the service is 1295 cents in the monolith: " + inSync)
                .isTrue();
        assertThat(inSync.sourceRows()).isEqualTo(300);

        exec(service, "UPDATE products SET price = price + 0.01 WHERE id = 42");
        Parity.TableParity oneCentOff =
                new Parity(7).compare(reverse, line -> {}).get(0);
        assertThat(oneCentOff.different())
                .as("one cent is a difference: " + oneCentOff)
                .containsExactly("42");
        assertThat(oneCentOff.missing()).isEmpty();
        assertThat(oneCentOff.extra()).isEmpty();
    }

    /** A conversion's source column type, target column type, settings, and source values as the transform receives them. */
    record Sample(String sourceType, String targetType, MigrationPlan.Column column, List<Object> values) {}

    @Test
    void whatTheTransformWritesForEveryConversionIsWhatParityComputesFromTheSource() throws Exception {
        String left = SharedPostgres.freshDatabase("parity_conversions_src");
        String right = SharedPostgres.freshDatabase("parity_conversions_dst");
        for (Conversion conversion : Conversion.values()) {
            String name = conversion.planName();
            // No default: a new conversion does not compile until it has its sample here.
            Sample sample = switch (conversion) {
                case CENTS_TO_DECIMAL ->
                    new Sample(
                            "integer",
                            "numeric",
                            new MigrationPlan.Column(null, name, null, null),
                            List.of(1290, -5, 0, 7, 100));
                case DECIMAL_TO_CENTS ->
                    new Sample(
                            "numeric(12,2)",
                            "integer",
                            new MigrationPlan.Column(null, name, null, null),
                            List.of(
                                    new BigDecimal("12.90"),
                                    new BigDecimal("-0.05"),
                                    new BigDecimal("0.00"),
                                    new BigDecimal("1000000.01")));
                case MAP ->
                    new Sample(
                            "character(1)",
                            "text",
                            new MigrationPlan.Column(null, name, Map.of("A", "ACTIVE", "R", "RETIRED"), null),
                            List.of("A", "R"));
                case TIMESTAMP_IN_ZONE ->
                    new Sample(
                            "timestamp",
                            "timestamptz",
                            new MigrationPlan.Column(null, name, null, "Europe/Berlin"),
                            List.of(
                                    LocalDateTime.parse("2026-01-15T10:00"),
                                    LocalDateTime.parse("2026-07-15T10:00:00.123456"),
                                    LocalDateTime.parse("1999-12-31T23:59:59"),
                                    // Clocks going forward (02:30 never happens) and back (02:30 happens twice).
                                    LocalDateTime.parse("2026-03-29T02:30"),
                                    LocalDateTime.parse("2026-10-25T02:30")));
            };
            String table = name.replace('-', '_');
            exec(left, "CREATE TABLE " + table + " (id integer PRIMARY KEY, v " + sample.sourceType() + ")");
            exec(right, "CREATE TABLE " + table + " (id integer PRIMARY KEY, v " + sample.targetType() + ")");
            try (Connection src = SharedPostgres.cluster().connect(left);
                    Connection dst = SharedPostgres.cluster().connect(right);
                    PreparedStatement in = src.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)");
                    // As the sink writes: the transform's text, cast to the column's type.
                    PreparedStatement out = dst.prepareStatement(
                            "INSERT INTO " + table + " VALUES (?, CAST(? AS " + sample.targetType() + "))")) {
                for (int i = 0; i < sample.values().size(); i++) {
                    in.setInt(1, i);
                    in.setObject(2, sample.values().get(i));
                    in.executeUpdate();
                    out.setInt(1, i);
                    out.setString(2, conversion.toTarget(sample.values().get(i), sample.column()));
                    out.executeUpdate();
                }
            }
            Map<String, MigrationPlan.Column> columns = new LinkedHashMap<>();
            columns.put("id", new MigrationPlan.Column(null, null, null, null));
            columns.put("v", sample.column());
            MigrationPlan.Stream converted = new MigrationPlan.Stream(
                    "p",
                    new MigrationPlan.Database(
                            SharedPostgres.cluster().jdbcUrl(left),
                            "postgres",
                            SharedPostgres.cluster().password()),
                    new MigrationPlan.Database(
                            SharedPostgres.cluster().jdbcUrl(right),
                            "postgres",
                            SharedPostgres.cluster().password()),
                    List.of(new MigrationPlan.Table("public." + table, table, List.of("id"), columns)));

            Parity.TableParity result =
                    new Parity(2).compare(converted, line -> {}).get(0);

            assertThat(result.equal()).as(name + ": " + result).isTrue();
            assertThat(result.sourceRows()).isEqualTo(sample.values().size());
        }
    }

    @Test
    void keysPostgreSqlOrdersAsTextAreMatchedSoOnlyTheRowsThatReallyDifferAreReported() throws Exception {
        String left = SharedPostgres.freshDatabase("parity_text_keys_src");
        String right = SharedPostgres.freshDatabase("parity_text_keys_dst");
        // As text '10' < '9' although 10 > 9; and beyond the Basic Multilingual Plane PostgreSQL's byte order
        // ('\uFF21' < '\uD83D\uDE00') is not Java's String order (UTF-16 units: the other way round).
        List<String> codes = List.of(
                "1", "2", "9", "10", "11", "100", "1e3", "-5", "a9", "a10", "B1", "b1", "\uFF211", "\uD83D\uDE001");
        String rows =
                codes.stream().map(c -> "('" + c + "', 'label of " + c + "')").collect(Collectors.joining(", "));
        exec(left, """
                CREATE TABLE codes (code text PRIMARY KEY, label text NOT NULL);
                INSERT INTO codes VALUES %s;
                CREATE TABLE refs (id integer PRIMARY KEY, label text NOT NULL);
                INSERT INTO refs SELECT i, 'ref ' || i FROM generate_series(1, 120) i;
                CREATE TABLE tokens (id uuid PRIMARY KEY, label text NOT NULL);
                INSERT INTO tokens SELECT md5(i::text)::uuid, 'token ' || i FROM generate_series(1, 120) i;
                """.formatted(rows));
        exec(right, """
                CREATE TABLE codes (code varchar(20) PRIMARY KEY, label text NOT NULL);
                INSERT INTO codes VALUES %s;
                CREATE TABLE refs (ref text PRIMARY KEY, label text NOT NULL);
                INSERT INTO refs SELECT i::text, 'ref ' || i FROM generate_series(1, 120) i;
                CREATE TABLE tokens (id uuid PRIMARY KEY, label text NOT NULL);
                INSERT INTO tokens SELECT md5(i::text)::uuid, 'token ' || i FROM generate_series(1, 120) i;
                """.formatted(rows));
        exec(right, """
                DELETE FROM codes WHERE code IN ('100', '\uFF211');
                UPDATE codes SET label = 'changed' WHERE code IN ('B1', '\uD83D\uDE001');
                DELETE FROM refs WHERE ref = '19';
                UPDATE refs SET label = 'changed' WHERE ref = '9';
                DELETE FROM tokens WHERE id = md5('19')::uuid;
                UPDATE tokens SET label = 'changed' WHERE id = md5('9')::uuid;
                """);
        MigrationPlan.Stream byText = new PlanReader()
                .read(
                        "p",
                        """
                streams:
                  - name: p
                    source: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    tables:
                      - {source: public.codes, target: codes, key: [code], columns: {code: {}, label: {}}}
                      - {source: public.refs, target: refs, key: [ref], columns: {id: {to: ref}, label: {}}}
                      - {source: public.tokens, target: tokens, key: [id], columns: {id: {}, label: {}}}
                """.formatted(
                                        SharedPostgres.cluster().jdbcUrl(left),
                                        SharedPostgres.cluster().jdbcUrl(right)),
                        SharedPostgres::environment)
                .streams()
                .get(0);

        List<Parity.TableParity> result = new Parity(3).compare(byText, line -> {});

        assertThat(result)
                .as(result.toString())
                .extracting(Parity.TableParity::missing, Parity.TableParity::extra, Parity.TableParity::different)
                .containsExactly(
                        tuple(List.of("100", "\uFF211"), List.of(), List.of("B1", "\uD83D\uDE001")),
                        tuple(List.of("19"), List.of(), List.of("9")),
                        tuple(List.of(uuidOfMd5("19")), List.of(), List.of(uuidOfMd5("9"))));
    }

    /** What PostgreSQL's {@code md5(text)::uuid} gives. */
    static String uuidOfMd5(String text) throws Exception {
        String hex = HexFormat.of()
                .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    static void exec(String db, String sql) throws Exception {
        try (Connection c = SharedPostgres.cluster().connect(db);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
