package dev.strangler.playbook.discover.endpoints;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the gateway whether a route file is valid: runs {@code java -jar strangler-gateway.jar --check-routes=FILE},
 * which compiles it with the gateway's own parser and compiler without starting the server, and reads the JSON it
 * prints as a {@link RouteCheck.GatewayAnswer}. The playbook does not depend on the gateway's classes (a team may
 * run another version of it), so the jar is asked, the one that will read the file.
 */
public final class GatewayRouteCheck {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final long TIMEOUT_SECONDS = 120;

    private final Path gatewayJar;

    public GatewayRouteCheck(Path gatewayJar) {
        this.gatewayJar = gatewayJar;
    }

    public RouteCheck check(Path routeFile) {
        if (!Files.isRegularFile(gatewayJar)) {
            return RouteCheck.unvalidated("the gateway's jar is not at " + gatewayJar + " (build it: mvn -pl "
                    + "strangler-gateway -am package -DskipTests, or pass --gateway-jar); check the file with "
                    + "java -jar strangler-gateway.jar --check-routes=" + routeFile.getFileName());
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            Path output = Files.createTempFile("strangler-check-routes", ".json");
            try {
                Process process = new ProcessBuilder(
                                java.toString(),
                                "-jar",
                                gatewayJar.toString(),
                                "--check-routes=" + routeFile.toAbsolutePath())
                        .redirectErrorStream(false)
                        .redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return RouteCheck.unvalidated(
                            gatewayJar + " --check-routes did not answer within " + TIMEOUT_SECONDS + " s");
                }
                List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.startsWith("{"))
                        .toList();
                if (lines.isEmpty()) {
                    return RouteCheck.unvalidated(gatewayJar + " --check-routes exited " + process.exitValue()
                            + " without an answer: a gateway older than --check-routes?");
                }
                return RouteCheck.answered(JSON.readValue(lines.get(lines.size() - 1), RouteCheck.GatewayAnswer.class));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException | JacksonException e) {
            return RouteCheck.unvalidated("could not run " + gatewayJar + " --check-routes: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RouteCheck.unvalidated("interrupted while the gateway checked the file");
        }
    }
}
