package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.infra.postgres.PostgresCluster;
import dev.strangler.infra.postgres.SharedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxDatabaseTest {

    @Test
    void noPartOfTheSandboxIsGivenTheDatabasePasswordOnItsCommandLine(@TempDir Path state) {
        SandboxSettings settings = SandboxSettings.builder(Path.of("/opt/strangler"))
                .stateDir(state)
                .products(10)
                .build();
        List<String> credentials =
                List.of("--spring.config.additional-location=file:" + SandboxDatabase.credentials(state));

        // Every user of the machine can read a process's command line (ps, /proc/<pid>/cmdline).
        assertThat(PartCommands.monolith(settings))
                .noneMatch(arg -> arg.contains("password"))
                .containsAll(credentials);
        assertThat(PartCommands.catalog(settings, true))
                .noneMatch(arg -> arg.contains("password"))
                .containsAll(credentials);
        assertThat(PartCommands.gateway(settings, state.resolve("gateway")))
                .noneMatch(arg -> arg.contains("password"))
                .anyMatch(arg -> arg.startsWith("--spring.config.additional-location=")
                        && arg.contains("file:" + SandboxDatabase.credentials(state)));
    }

    @Test
    void theCredentialsFileIsPrivateAndLetsThePartsLogIn(@TempDir Path state) throws Exception {
        PostgresCluster cluster = SharedPostgres.cluster();
        SandboxDatabase.writeCredentials(state, cluster);
        SandboxDatabase.writeCredentials(state, cluster); // each `up` writes it anew

        Path file = SandboxDatabase.credentials(state);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(SandboxDatabase.password(state)).contains(cluster.password());
        try (Stream<String> lines = Files.lines(file)) {
            assertThat(lines.filter(l -> !l.startsWith("#")))
                    .contains("spring.datasource.username=postgres", "strangler.shared-state.user=postgres");
        }
        try (Connection c = DriverManager.getConnection(
                cluster.jdbcUrl("postgres"),
                "postgres",
                SandboxDatabase.password(state).get())) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void aPlansPasswordVariablesAreTheSandboxsUnlessTheEnvironmentSetsThem(@TempDir Path state) {
        SandboxDatabase.writeCredentials(state, SharedPostgres.cluster());
        String sandbox = SharedPostgres.cluster().password();

        var unset = SandboxDatabase.planEnvironment(state, name -> null);
        assertThat(unset.apply("STRANGLER_MONOLITH_DB_PASSWORD")).isEqualTo(sandbox);
        assertThat(unset.apply("STRANGLER_CATALOG_DB_PASSWORD")).isEqualTo(sandbox);
        assertThat(unset.apply("STRANGLER_MONOLITH_DB_URL"))
                .as("only the passwords")
                .isNull();

        var set = SandboxDatabase.planEnvironment(
                state, name -> name.equals("STRANGLER_MONOLITH_DB_PASSWORD") ? "theirs" : null);
        assertThat(set.apply("STRANGLER_MONOLITH_DB_PASSWORD"))
                .as("the environment wins")
                .isEqualTo("theirs");

        assertThat(SandboxDatabase.planEnvironment(state.resolve("no-sandbox"), name -> null)
                        .apply("STRANGLER_CATALOG_DB_PASSWORD"))
                .as("no sandbox there: the plan's own default")
                .isNull();
    }
}
