package dev.strangler.playbook.check;

import dev.strangler.cdc.plan.Databases;
import dev.strangler.cdc.plan.MigrationPlan;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The prices of the checked rows in both databases, in one unit: the monolith keeps
 * {@code products.price_cents} (bigint), the catalog service {@code products.price} (numeric(12,2)),
 * compared here as cents. Also holds rows locked in both, to keep a write in flight at its backend.
 */
final class PriceDatabases {

    private final MigrationPlan.Database monolith;
    private final MigrationPlan.Database service;

    /** @param catalog the plan's forward catalog stream: its source is the monolith, its target the service */
    PriceDatabases(MigrationPlan.Stream catalog) {
        this.monolith = catalog.source();
        this.service = catalog.target();
    }

    /** The last {@code count} active products of the monolith: the rows the writers share. */
    List<Long> pickRows(int count) throws SQLException {
        try (Connection c = Databases.connect(monolith);
                PreparedStatement s =
                        c.prepareStatement("SELECT id FROM products WHERE is_active ORDER BY id DESC LIMIT ?")) {
            s.setInt(1, count);
            List<Long> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getLong(1));
                }
            }
            if (rows.size() < count) {
                throw new IllegalStateException(
                        "the monolith has " + rows.size() + " active products, " + count + " are needed");
            }
            return List.copyOf(rows);
        }
    }

    Map<Long, Long> monolithCents(List<Long> rows) throws SQLException {
        return read(monolith, "SELECT id, price_cents FROM products WHERE id = ANY(?)", rows, false);
    }

    Map<Long, Long> serviceCents(List<Long> rows) throws SQLException {
        return read(service, "SELECT id, price FROM products WHERE id = ANY(?)", rows, true);
    }

    private static Map<Long, Long> read(MigrationPlan.Database db, String sql, List<Long> rows, boolean decimal)
            throws SQLException {
        Map<Long, Long> out = new TreeMap<>();
        try (Connection c = Databases.connect(db);
                PreparedStatement s = c.prepareStatement(sql)) {
            Array ids = c.createArrayOf("bigint", rows.toArray());
            s.setArray(1, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(r.getLong(1), decimal ? cents(r.getBigDecimal(2)) : r.getLong(2));
                }
            }
        }
        return out;
    }

    /** 12.34 as 1234; a price with more than two decimals is refused, never rounded. */
    static long cents(BigDecimal price) {
        return price.movePointRight(2).longValueExact();
    }

    /** A writer's own pair of connections, each locking a row in one transaction for a moment. */
    Locker locker() throws SQLException {
        return new Locker(Databases.connect(monolith), Databases.connect(service));
    }

    /** Locks a row in both databases; {@link #release} commits. One lock at a time. */
    static final class Locker implements AutoCloseable {
        private final Connection monolith;
        private final Connection service;

        Locker(Connection monolith, Connection service) throws SQLException {
            this.monolith = prepare(monolith);
            this.service = prepare(service);
        }

        private static Connection prepare(Connection c) throws SQLException {
            c.setAutoCommit(false);
            return c;
        }

        /**
         * Locks the row in the database of the side that takes the write (both when that is not known),
         * or in none (a lock that times out leaves nothing held). Only there: a slow write holds its
         * row's lock at its owner; a lock in the other database would stall the stream applying changes
         * there, which no real slow write does.
         */
        void lock(long row, Boolean serviceOwns) throws SQLException {
            try {
                if (!Boolean.TRUE.equals(serviceOwns)) {
                    lock(monolith, row);
                }
                if (!Boolean.FALSE.equals(serviceOwns)) {
                    lock(service, row);
                }
            } catch (SQLException e) {
                monolith.rollback();
                service.rollback();
                throw e;
            }
        }

        private static void lock(Connection c, long row) throws SQLException {
            try (PreparedStatement t = c.prepareStatement("SET LOCAL lock_timeout = '5s'");
                    PreparedStatement s = c.prepareStatement("SELECT id FROM products WHERE id = ? FOR UPDATE")) {
                t.execute();
                s.setLong(1, row);
                s.executeQuery().close();
            }
        }

        void release() throws SQLException {
            try {
                monolith.commit();
            } finally {
                service.commit();
            }
        }

        @Override
        public void close() throws SQLException {
            try (monolith;
                    service) {
                monolith.rollback();
                service.rollback();
            }
        }
    }
}
