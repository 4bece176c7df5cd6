package dev.strangler.playbook.sandbox;

import dev.strangler.infra.postgres.PostgresCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The monolith's catalog in a database an earlier sandbox left. The monolith seeds products only into
 * an empty catalog ({@code --seed.products}), so a kept catalog keeps its size whatever {@code --products}
 * says. The default size gives way to the kept catalog (which {@code up} reports); a size the user asked
 * for and the kept catalog does not have is refused, since honouring it needs the data wiped.
 */
final class KeptCatalog {

    private KeptCatalog() {}

    /**
     * The products in the monolith's catalog in {@code database} of the cluster; 0 when the monolith has
     * not created its tables there yet.
     */
    static int products(PostgresCluster cluster, String database) {
        String jdbcUrl = cluster.jdbcUrl(database);
        try (Connection db = cluster.connect(database);
                Statement statement = db.createStatement()) {
            try (ResultSet table = statement.executeQuery("SELECT to_regclass('public.products') IS NOT NULL")) {
                table.next();
                if (!table.getBoolean(1)) {
                    return 0;
                }
            }
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM public.products")) {
                count.next();
                return Math.toIntExact(count.getLong(1));
            }
        } catch (SQLException e) {
            throw new SandboxException(
                    "cannot count the products of the monolith's database (" + jdbcUrl + "): " + e.getMessage(), e);
        }
    }

    /**
     * Refuses an explicit {@code --products} that a catalog of {@code kept} products cannot honour (an empty
     * catalog is seeded, so only a non-empty one of another size conflicts); the default always gives way.
     *
     * @param where what holds the catalog, for the message (e.g. "kept from an earlier run")
     * @throws KeptCatalogException when the user asked for another size than the kept catalog has
     */
    static void requireAskedSize(SandboxSettings settings, int kept, String where) {
        if (settings.productsExplicit() && kept > 0 && kept != settings.products()) {
            throw new KeptCatalogException(kept, settings.products(), where, KeptState.startCleanCommand(settings));
        }
    }
}
