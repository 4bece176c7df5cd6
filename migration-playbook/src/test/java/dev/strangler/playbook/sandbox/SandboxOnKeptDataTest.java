package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.infra.postgres.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} on the PostgreSQL data an earlier sandbox left: a real cluster in the sandbox's data directory,
 * holding a monolith catalog, as {@code down} leaves it. The refusal comes before anything but PostgreSQL
 * is started, so the jars can be stand-ins.
 */
class SandboxOnKeptDataTest {

    @TempDir
    Path home;

    private final Sandbox sandbox = new Sandbox(line -> {});
    private PostgresCluster kept;

    @AfterEach
    void removeTheKeptCluster() {
        if (kept != null) {
            kept.destroy();
        }
    }

    @Test
    void upAskedForAnotherCatalogSizeThanTheKeptDatabaseHoldsRefusesNamingBothSizesAndTheWipeAndLeavesNothingRunning()
            throws Exception {
        SandboxSettings settings = settings(5, true);
        keptMonolithCatalog(settings, 3);

        assertThatThrownBy(() -> sandbox.up(settings))
                .isInstanceOfSatisfying(KeptCatalogException.class, e -> {
                    assertThat(e.keptProducts()).isEqualTo(3);
                    assertThat(e.askedProducts()).isEqualTo(5);
                })
                .hasMessageContaining("--products 5 cannot be honoured")
                .hasMessageContaining("holds a catalog of 3 products")
                .hasMessageContaining("`strangler sandbox down --wipe --state-dir " + settings.stateDir() + "`")
                .hasMessageContaining("run `up` without --products");

        assertThat(kept.isRunning())
                .as("the PostgreSQL this up started is stopped again")
                .isFalse();
        assertThat(settings.stateDir().resolve(StateFile.NAME))
                .as("nothing recorded as running")
                .doesNotExist();
        assertThat(kept.dataDir().resolve("PG_VERSION"))
                .as("the kept data is left alone")
                .exists();
    }

    @Test
    void theKeptDataIsFoundForTheSandboxsPortsOnly() throws Exception {
        SandboxSettings settings = settings(5, false);
        assertThat(KeptState.find(settings).clean()).as("nothing there yet").isTrue();

        keptMonolithCatalog(settings, 3);
        Path kafka = SandboxKafka.dataDirFor(settings.stateDir(), settings.kafkaPort());
        Files.createDirectories(kafka);
        Files.writeString(kafka.resolve("meta.properties"), "node.id=1\n");

        assertThat(KeptState.find(settings).data()).containsExactly(kept.dataDir(), kafka);
        SandboxSettings otherPorts = settings(5, false);
        assertThat(KeptState.find(settings.toBuilder()
                                .port(SandboxPart.POSTGRES, otherPorts.postgresPort())
                                .port(SandboxPart.KAFKA, otherPorts.kafkaPort())
                                .products(5)
                                .productsExplicit(false)
                                .build())
                        .clean())
                .isTrue();
    }

    private SandboxSettings settings(int products, boolean explicit) throws Exception {
        for (Path jar : SandboxSettings.builder(home).build().jars().values()) {
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "not really a jar: the kept catalog is checked before any jar runs");
        }
        return FreePortSettings.builder(home)
                .stateDir(home.resolve("state"))
                .products(products)
                .productsExplicit(explicit)
                .build();
    }

    /** What an earlier sandbox with {@code products} products leaves after {@code down}: a stopped cluster with the catalog. */
    private void keptMonolithCatalog(SandboxSettings settings, int products) throws SQLException {
        kept = PostgresCluster.at(
                        SandboxPostgres.dataDirFor(settings.stateDir(), settings.postgresPort()),
                        settings.postgresPort())
                .start();
        kept.createDatabase(PartCommands.MONOLITH_DATABASE);
        try (Connection db = kept.connect(PartCommands.MONOLITH_DATABASE);
                Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE products (id BIGSERIAL PRIMARY KEY, sku TEXT NOT NULL)");
            sql.execute("INSERT INTO products (sku) SELECT 'SKU-' || n FROM generate_series(1, " + products + ") n");
        }
        kept.stop();
    }
}
