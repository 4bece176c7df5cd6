package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox starts the catalog service for what the route file says it receives, the one place that says it. */
class GatewayFilesTest {

    private static SandboxSettings settings(Path state) {
        return SandboxSettings.builder(Path.of("/opt/strangler"))
                .stateDir(state)
                .build();
    }

    @Test
    void aNewSandboxsRouteFileSendsTheCatalogServiceJwtsAndItIsStartedToVerifyThem(@TempDir Path state) {
        GatewayFiles.prepare(settings(state));

        assertThat(GatewayFiles.takesJwts(state, GatewayFiles.CATALOG_SERVICE)).isTrue();
        assertThat(PartCommands.catalog(settings(state), true))
                .anyMatch(arg ->
                        arg.startsWith("--catalog.jwt.jwks-uri=http://127.0.0.1:") && arg.endsWith("/oauth2/jwks"))
                .contains("--catalog.jwt.audience=strangler-gateway");
        assertThat(GatewayFiles.takesJwts(state, "identity"))
                .as("the identity service takes the session token as sent")
                .isFalse();
    }

    @Test
    void aRouteFileKeptFromAnEarlierVersionThatSaysNothingKeepsTheCatalogServiceAskingTheMonolith(@TempDir Path state)
            throws Exception {
        Files.createDirectories(GatewayFiles.dir(state));
        Files.writeString(GatewayFiles.routes(state), """
                monolith: http://127.0.0.1:9001
                services:
                  catalog: {url: "http://127.0.0.1:9002", timeout: 5s}
                routes: []
                """);
        GatewayFiles.prepare(settings(state));

        assertThat(GatewayFiles.takesJwts(state, GatewayFiles.CATALOG_SERVICE)).isFalse();
        assertThat(PartCommands.catalog(settings(state), false))
                .noneMatch(arg -> arg.startsWith("--catalog.jwt."))
                .anyMatch(arg -> arg.startsWith("--catalog.monolith.base-url="));
    }

    @Test
    void aRouteFileThatCannotBeReadCountsAsSayingNothing(@TempDir Path state) throws Exception {
        Files.createDirectories(GatewayFiles.dir(state));
        Files.writeString(GatewayFiles.routes(state), "services: [this is: not: yaml");

        assertThat(GatewayFiles.takesJwts(state, GatewayFiles.CATALOG_SERVICE)).isFalse();
    }
}
