package dev.strangler.playbook.discover;

import dev.strangler.cdc.plan.Databases;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.playbook.discover.schema.Fix;
import dev.strangler.playbook.discover.schema.ForeignKeyOrder;
import dev.strangler.playbook.discover.schema.PlanDraft;
import dev.strangler.playbook.discover.schema.PlanDrafter;
import dev.strangler.playbook.discover.schema.SchemaReader;
import dev.strangler.playbook.discover.schema.SourceTable;
import dev.strangler.playbook.discover.schema.TablePattern;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/** The options of {@code strangler discover --database}, and the draft they lead to. */
final class SchemaDiscovery {

    @Option(
            names = "--database",
            paramLabel = "JDBC_URL",
            description =
                    "The monolith's PostgreSQL database, jdbc:postgresql://host:port/db: drafts a CDC plan from its schema.")
    String database;

    @Option(
            names = "--user",
            paramLabel = "USER",
            defaultValue = "postgres",
            description = "Database user (default ${DEFAULT-VALUE}); also the target's unless --target-user.")
    String user;

    @Option(
            names = "--password-env",
            paramLabel = "NAME",
            description = "The environment variable holding the password; the draft refers to it as ${NAME}, "
                    + "never writes the password. Also the target's unless --target-password-env.")
    String passwordEnv;

    @Option(
            names = "--tables",
            paramLabel = "PATTERN",
            description = "schema.table with * and ? wildcards (public.*, public.book*); several separated by commas.")
    String tables;

    @Option(
            names = "--target-url",
            paramLabel = "JDBC_URL",
            description =
                    "The service's database: the draft names it, and is checked against it by the plan validator.")
    String targetUrl;

    @Option(names = "--target-user", paramLabel = "USER", description = "The target's user (default: --user).")
    String targetUser;

    @Option(
            names = "--target-password-env",
            paramLabel = "NAME",
            description = "The variable holding the target's password (default: --password-env).")
    String targetPasswordEnv;

    @Option(
            names = "--stream",
            paramLabel = "NAME",
            defaultValue = "draft",
            description = "The stream's name: lower-case letters, digits and _ (default ${DEFAULT-VALUE}).")
    String stream;

    PlanDraft draft(UnaryOperator<String> environment) throws SQLException {
        if (tables == null || tables.isBlank()) {
            throw new IllegalArgumentException("--database needs --tables: which tables to read, such as 'public.*'");
        }
        if (!stream.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("--stream '" + stream
                    + "': a stream's name is lower-case letters, digits and _, starting with a letter (it names the "
                    + "replication slot, the publication and the topic)");
        }
        if (!database.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException(
                    "--database '" + database + "': give a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database");
        }
        List<TablePattern> patterns = TablePattern.parseList(tables);
        String password = password(environment, "--password-env", passwordEnv);
        String targetPasswordVariable = targetPasswordEnv != null ? targetPasswordEnv : passwordEnv;
        String targetUserName = targetUser != null ? targetUser : user;
        MigrationPlan.Database sourceWritten = new MigrationPlan.Database(database, user, placeholder(passwordEnv));
        MigrationPlan.Database sourceResolved = new MigrationPlan.Database(database, user, password);
        MigrationPlan.Database targetWritten = targetUrl == null
                ? null
                : new MigrationPlan.Database(targetUrl, targetUserName, placeholder(targetPasswordVariable));
        MigrationPlan.Database targetResolved = targetUrl == null
                ? null
                : new MigrationPlan.Database(
                        targetUrl,
                        targetUserName,
                        password(
                                environment,
                                targetPasswordEnv != null ? "--target-password-env" : "--password-env",
                                targetPasswordVariable));
        try (Connection c = Databases.connect(sourceResolved)) {
            List<SourceTable> found = new SchemaReader(c).read(patterns);
            // A schema migration tool's own bookkeeping is each database's: copied, it would tell the service's
            // migrations they had run. Left out unless named on its own.
            List<SourceTable> history = found.stream()
                    .filter(t -> MIGRATION_HISTORY.contains(t.name().toLowerCase(Locale.ROOT))
                            && patterns.stream().noneMatch(p -> p.names(t)))
                    .toList();
            found = found.stream().filter(t -> !history.contains(t)).toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException("--tables '" + tables + "' selects no table in " + database
                        + " (patterns match schema and table names as stored, case included"
                        + (history.isEmpty() ? "" : "; a migration tool's history table is left out unless named")
                        + ")");
            }
            PlanDraft draft = new PlanDrafter()
                    .draft(
                            c,
                            stream,
                            ForeignKeyOrder.of(found),
                            new PlanDrafter.Databases(sourceWritten, targetWritten),
                            new PlanDrafter.Databases(sourceResolved, targetResolved));
            List<Fix> fixes = new ArrayList<>();
            for (SourceTable t : history) {
                fixes.add(new Fix(
                        Fix.Kind.MIGRATION_HISTORY,
                        t.qualifiedName(),
                        null,
                        "left out of the draft: the schema migration tool's own history, which each database keeps"
                                + " for its own migrations (copied, it would tell the service's that they had run);"
                                + " name it in --tables to draft it anyway"));
            }
            fixes.addAll(draft.fixes());
            return new PlanDraft(draft.stream(), draft.databases(), draft.tables(), draft.cycles(), List.copyOf(fixes));
        }
    }

    /** Tables schema migration tools keep for themselves: Flyway, Liquibase, Rails, Django, Alembic, EF Core. */
    private static final Set<String> MIGRATION_HISTORY = Set.of(
            "flyway_schema_history",
            "schema_version",
            "databasechangelog",
            "databasechangeloglock",
            "schema_migrations",
            "ar_internal_metadata",
            "django_migrations",
            "alembic_version",
            "__efmigrationshistory");

    private static String placeholder(String variable) {
        return variable == null ? null : "${" + variable + "}";
    }

    private static String password(UnaryOperator<String> environment, String option, String variable) {
        if (variable == null) {
            return null;
        }
        String value = environment.apply(variable);
        if (value == null) {
            throw new IllegalArgumentException(option + " " + variable + ": the environment variable " + variable
                    + " is not set (the draft refers to it, " + "discover reads the password from it)");
        }
        return value;
    }
}
