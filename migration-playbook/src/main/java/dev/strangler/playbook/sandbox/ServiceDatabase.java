package dev.strangler.playbook.sandbox;

import dev.strangler.infra.postgres.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * An extracted service's database in the sandbox's PostgreSQL, created with the service's own Flyway
 * migrations, so the stream that feeds it has its target schema before the service ever runs.
 *
 * @param name   the database's name
 * @param module the service's module under {@code extracted-services/}, whose migrations make the schema
 */
record ServiceDatabase(String name, String module) {

    /** The catalog service's database: the target of the catalog stream. */
    static final ServiceDatabase CATALOG = new ServiceDatabase("catalog", "catalog-service");

    /** The identity service's database: the target of the identity stream (users and sessions). */
    static final ServiceDatabase IDENTITY = new ServiceDatabase("identity", "identity-service");

    /** Every service database the sandbox creates. */
    static final List<ServiceDatabase> ALL = List.of(CATALOG, IDENTITY);

    void migrate(SandboxSettings settings) {
        Path migrations = settings.home()
                .resolve("extracted-services")
                .resolve(module)
                .resolve("src/main/resources/db/migration");
        if (!Files.isDirectory(migrations)) {
            throw new SandboxException("the " + module + "'s migrations are missing at " + migrations);
        }
        PostgresCluster cluster = PostgresCluster.at(
                SandboxPostgres.dataDirFor(settings.stateDir(), settings.postgresPort()), settings.postgresPort());
        cluster.createDatabase(name);
        Flyway.configure()
                .dataSource(cluster.jdbcUrl(name), cluster.user(), cluster.password())
                .locations("filesystem:" + migrations)
                .load()
                .migrate();
    }
}
