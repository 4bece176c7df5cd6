package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.infra.postgres.PostgresCluster;
import dev.strangler.infra.postgres.SharedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** What {@code up} makes of the monolith's catalog in a kept database. */
class KeptCatalogTest {

    private static final Path HOME = Path.of("/toolkit");

    @Test
    void theProductsOfTheMonolithsCatalogAreCountedAndADatabaseWithoutTheTableHasNone() throws Exception {
        PostgresCluster cluster = SharedPostgres.cluster();
        String fresh = SharedPostgres.freshDatabase("kept_catalog_new");
        String seeded = SharedPostgres.freshDatabase("kept_catalog_seeded");
        try (Connection db = cluster.connect(seeded);
                Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE products (id BIGSERIAL PRIMARY KEY, sku TEXT NOT NULL)");
            sql.execute("INSERT INTO products (sku) SELECT 'SKU-' || n FROM generate_series(1, 7) n");
        }

        assertThat(KeptCatalog.products(cluster, seeded)).isEqualTo(7);
        assertThat(KeptCatalog.products(cluster, fresh)).isZero();
    }

    @Test
    void anAskedForSizeTheKeptCatalogDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> KeptCatalog.requireAskedSize(settings(500, true), 200, "kept from an earlier run"))
                .isInstanceOf(KeptCatalogException.class)
                .hasMessageStartingWith(
                        "--products 500 cannot be honoured: the monolith's database (kept from an earlier run) "
                                + "holds a catalog of 200 products");
        assertThatThrownBy(() -> KeptCatalog.requireAskedSize(settings(0, true), 200, "kept"))
                .as("asking for no products at all is asking for another size too")
                .isInstanceOf(KeptCatalogException.class);
    }

    @Test
    void theDefaultSizeGivesWayToTheKeptCatalogAndAnEmptyCatalogTakesAnySize() {
        assertThatCode(() -> KeptCatalog.requireAskedSize(settings(200, false), 100, "kept"))
                .doesNotThrowAnyException();
        assertThatCode(() -> KeptCatalog.requireAskedSize(settings(100, true), 100, "kept"))
                .doesNotThrowAnyException();
        assertThatCode(() -> KeptCatalog.requireAskedSize(settings(500, true), 0, "kept"))
                .as("the monolith seeds an empty catalog")
                .doesNotThrowAnyException();
    }

    private static SandboxSettings settings(int products, boolean explicit) {
        return SandboxSettings.builder(HOME)
                .stateDir(HOME.resolve("state"))
                .products(products)
                .productsExplicit(explicit)
                .build();
    }
}
