package dev.strangler.cdc.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * The benchmark's table, shaped like the catalog's legacy products, and the writes made to it. Every
 * pipeline gets a source database of its own with exactly the same rows and the same changes: ids,
 * texts and numbers are derived from the id, so two runs of a workload write identical data.
 */
final class Products {

    static final String SOURCE_DDL = """
            CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL, description text NOT NULL,
              price_cents integer NOT NULL, currency char(3) NOT NULL, stock integer NOT NULL,
              created_at timestamp NOT NULL, updated_at timestamptz NOT NULL)
            """;

    /** The stock pipeline's target: a plain copy, plus the apply time. */
    static final String COPY_DDL = """
            CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL, description text NOT NULL,
              price_cents integer NOT NULL, currency char(3) NOT NULL, stock integer NOT NULL,
              created_at timestamp NOT NULL, updated_at timestamptz NOT NULL, applied_at timestamptz)
            """;

    /** Our pipeline's target: the service's shape (renamed, converted), plus the apply time. */
    static final String SERVICE_DDL = """
            CREATE TABLE products (id bigint PRIMARY KEY, title text NOT NULL, description text NOT NULL,
              price numeric(12,2) NOT NULL, currency text NOT NULL, stock integer NOT NULL,
              created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, applied_at timestamptz)
            """;

    /** The plan's table entry for our pipeline: rename, convert, and a timestamp read in a zone. */
    static final String PLAN_TABLE = """
                  - source: public.products
                    target: products
                    key: [id]
                    columns:
                      id: {}
                      name: {to: title}
                      description: {}
                      price_cents: {to: price, convert: cents-to-decimal}
                      currency: {}
                      stock: {}
                      created_at: {convert: timestamp-in-zone, zone: Europe/Berlin}
                      updated_at: {}
            """;

    /**
     * Stamps every insert and update with the apply time, in the target's clock (the same machine's
     * as the source's). An upsert that changes nothing does not fire it.
     */
    static final String APPLIED_AT_TRIGGER = """
            CREATE FUNCTION stamp_applied_at() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN NEW.applied_at := clock_timestamp(); RETURN NEW; END $$;
            CREATE TRIGGER stamp_applied_at BEFORE INSERT OR UPDATE ON products FOR EACH ROW EXECUTE FUNCTION stamp_applied_at();
            """;

    private static final String INSERT_RANGE = """
            INSERT INTO products (id, name, description, price_cents, currency, stock, created_at, updated_at)
            SELECT i, 'Product ' || i, 'Description of product ' || i || ': a sturdy thing for everyday use, in stock at most warehouses',
                   1000 + i % 9000, 'EUR', 100 + i % 50, timestamp '2026-01-01 08:00:00' + i * interval '1 second', clock_timestamp()
            FROM generate_series(?::bigint, ?::bigint) i
            """;

    private static final String UPDATE_RANGE =
            "UPDATE products SET price_cents = price_cents + 1, stock = stock - 1, updated_at = clock_timestamp() WHERE id BETWEEN ? AND ?";

    private Products() {}

    static void create(Connection c, String... ddl) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String d : ddl) {
                s.execute(d);
            }
        }
    }

    /** Inserts, or with {@code update} updates, ids {@code from..to} in transactions of {@code txRows}; autocommit connection. */
    static void write(Connection c, boolean update, long from, long to, int txRows) throws SQLException {
        inRanges(c, update ? UPDATE_RANGE : INSERT_RANGE, from, to, txRows);
    }

    /** Inserts ids {@code from..to} in transactions of {@code txRows}; autocommit connection. */
    static void insert(Connection c, long from, long to, int txRows) throws SQLException {
        inRanges(c, INSERT_RANGE, from, to, txRows);
    }

    private static void inRanges(Connection c, String sql, long from, long to, int txRows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (long a = from; a <= to; a += txRows) {
                ps.setLong(1, a);
                ps.setLong(2, Math.min(to, a + txRows - 1));
                ps.executeUpdate();
            }
        }
    }

    /** The database's clock now; phases start from it, so that source and target times compare on one clock. */
    static Instant now(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    /** First and last commit time of the transactions that last wrote ids {@code from..to} (needs track_commit_timestamp). */
    static Instant[] commitSpan(Connection c, long from, long to) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT min(pg_xact_commit_timestamp(xmin)), max(pg_xact_commit_timestamp(xmin)) "
                        + "FROM products WHERE id BETWEEN ? AND ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Instant[] {
                    rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()
                };
            }
        }
    }
}
