package dev.strangler.playbook.sandbox;

import dev.strangler.infra.postgres.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/**
 * The catalog service's database in the sandbox's PostgreSQL, created with the service's own
 * Flyway migrations, so the catalog stream has its target schema before the service ever runs.
 */
final class CatalogDatabase {

    static final String NAME = "catalog";

    private CatalogDatabase() {}

    static void migrate(SandboxSettings settings) {
        Path migrations = settings.home().resolve("extracted-services/catalog-service/src/main/resources/db/migration");
        if (!Files.isDirectory(migrations)) {
            throw new SandboxException("the catalog service's migrations are missing at " + migrations);
        }
        PostgresCluster cluster = PostgresCluster.at(
                SandboxPostgres.dataDirFor(settings.stateDir(), settings.postgresPort()), settings.postgresPort());
        cluster.createDatabase(NAME);
        Flyway.configure()
                .dataSource(cluster.jdbcUrl(NAME), cluster.user(), cluster.password())
                .locations("filesystem:" + migrations)
                .load()
                .migrate();
    }
}
