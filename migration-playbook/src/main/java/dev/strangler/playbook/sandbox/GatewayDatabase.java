package dev.strangler.playbook.sandbox;

import dev.strangler.infra.postgres.PostgresCluster;

/**
 * The database the sandbox's gateway replicas share their state in (modes, holds, cutover records,
 * leases), in the sandbox's PostgreSQL. The gateway creates its tables itself; a second replica
 * started against the same database shares everything with the first.
 */
public final class GatewayDatabase {

    static final String NAME = "gateway";

    private GatewayDatabase() {}

    static void create(SandboxSettings settings) {
        PostgresCluster.at(
                        SandboxPostgres.dataDirFor(settings.stateDir(), settings.postgresPort()),
                        settings.postgresPort())
                .createDatabase(NAME);
    }

    /** The JDBC URL a gateway replica of this sandbox gives as {@code strangler.shared-state.url}. */
    public static String jdbcUrl(int postgresPort) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + NAME;
    }
}
