package dev.strangler.playbook.sandbox;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The toolkit's reference plans ({@code migration-playbook/plans}) read for one sandbox's databases, whatever its
 * ports and whatever the caller's environment says: the sandbox's PostgreSQL, its user, its password.
 */
public final class ReferencePlans {

    /** The identity stream's plan: {@code sandbox up} starts its {@link #IDENTITY_STREAM} stream. */
    public static final String IDENTITY = "identity.yaml";

    /** The migration plan ({@code strangler migrate}): how the reference features' reads move, and their gates. */
    public static final String MIGRATION = "migration.yaml";

    /** The stream that carries the monolith's users and sessions to the identity service. */
    public static final String IDENTITY_STREAM = "identity";

    private ReferencePlans() {}

    /** Where a reference plan is in the toolkit. */
    public static Path file(Path home, String name) {
        return home.resolve("migration-playbook/plans").resolve(name);
    }

    /** Reads the reference plan {@code name} with the sandbox's databases in place of its defaults. */
    public static MigrationPlan read(SandboxSettings settings, String name) throws IOException {
        String jdbc = "jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/";
        return new PlanReader()
                .read(
                        name,
                        Files.readString(file(settings.home(), name)),
                        SandboxDatabase.planEnvironment(settings.stateDir(), variable -> switch (variable) {
                            case "STRANGLER_MONOLITH_DB_URL" -> jdbc + PartCommands.MONOLITH_DATABASE;
                            case "STRANGLER_CATALOG_DB_URL" -> jdbc + ServiceDatabase.CATALOG.name();
                            case "STRANGLER_IDENTITY_DB_URL" -> jdbc + ServiceDatabase.IDENTITY.name();
                            default -> null;
                        }));
    }
}
