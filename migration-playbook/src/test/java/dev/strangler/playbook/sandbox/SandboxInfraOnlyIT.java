package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.strangler.playbook.StranglerCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * {@code sandbox up --infra-only --monolith-url}: a team that brings its own monolith gets PostgreSQL, Kafka, Kafka
 * Connect and the gateway in front of that monolith, and nothing of the reference stack. The team's monolith here is
 * a plain HTTP server under a context path, as other people's are.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxInfraOnlyIT {

    private static final Path HOME = Path.of("").toAbsolutePath().getParent();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpServer theirMonolith;
    private static Path stateDir;
    private static SandboxSettings ports;
    private static StringWriter upOutput = new StringWriter();
    private static int upExit;

    @BeforeAll
    static void upWithOnlyTheInfrastructure() throws IOException {
        theirMonolith = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        theirMonolith.createContext("/app", exchange -> {
            byte[] body = ("their monolith: " + exchange.getRequestMethod() + " "
                            + exchange.getRequestURI().getRawPath())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        theirMonolith.start();
        stateDir = Files.createTempDirectory("strangler-sandbox-infra-it");
        ports = FreePortSettings.builder(HOME).stateDir(stateDir).build();
        upExit = cli(upOutput).execute(upArgs());
        System.out.println(upOutput);
    }

    private static String[] upArgs() {
        return new String[] {
            "sandbox",
            "up",
            "--infra-only",
            "--monolith-url",
            "http://127.0.0.1:" + theirMonolith.getAddress().getPort(),
            "--state-dir",
            stateDir.toString(),
            "--postgres-port",
            Integer.toString(ports.postgresPort()),
            "--kafka-port",
            Integer.toString(ports.kafkaPort()),
            "--connect-port",
            Integer.toString(ports.connectPort()),
            "--gateway-port",
            Integer.toString(ports.gatewayPort()),
            "--gateway-admin-port",
            Integer.toString(ports.gatewayAdminPort())
        };
    }

    @AfterAll
    static void down() throws IOException {
        new Sandbox(line -> {}).down(stateDir, true);
        new SandboxPostgres().destroy(SandboxPostgres.dataDirFor(stateDir, ports.postgresPort()), ports.postgresPort());
        theirMonolith.stop(0);
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    @Order(1)
    void onlyPostgresKafkaConnectAndTheGatewayRunAndTheGatewayPassesEverythingToTheirMonolith() throws Exception {
        assertThat(upExit).as(upOutput.toString()).isZero();
        SandboxState state = new Sandbox(line -> {}).state(stateDir).orElseThrow();
        assertThat(state.parts())
                .extracting(RunningPart::part)
                .containsExactlyInAnyOrder(
                        SandboxPart.POSTGRES, SandboxPart.KAFKA, SandboxPart.CONNECT, SandboxPart.GATEWAY);
        assertThat(new Sandbox(line -> {}).status(stateDir).overall()).isEqualTo(SandboxStatus.Overall.RUNNING);
        assertThat(upOutput.toString())
                .contains("Only the infrastructure runs (--infra-only)")
                .contains("Your app talks to the gateway: " + state.gatewayUrl());

        HttpResponse<String> through = HTTP.send(
                HttpRequest.newBuilder(URI.create(state.gatewayUrl() + "/app/api/orders/7?x=1"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(through.statusCode()).isEqualTo(200);
        assertThat(through.body()).isEqualTo("their monolith: GET /app/api/orders/7");

        HttpResponse<String> plugins = HTTP.send(
                HttpRequest.newBuilder(URI.create(state.connectUrl() + "/connector-plugins"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plugins.body())
                .as("Debezium's source and sink are there for the team's plan")
                .contains("io.debezium.connector.postgresql.PostgresConnector")
                .contains("io.debezium.connector.jdbc.JdbcSinkConnector");
        StringWriter status = new StringWriter();
        assertThat(cli(status).execute("sandbox", "status", "--state-dir", stateDir.toString()))
                .isZero();
        assertThat(status.toString())
                .as("the memory of each part and of all together")
                .containsPattern("Memory \\(PSS of each part's processes\\): postgres \\d+ MiB, kafka \\d+ MiB, "
                        + "connect \\d+ MiB, gateway \\d+ MiB; together \\d+ MiB");
        assertThat(new Sandbox(line -> {}).status(stateDir).memoryBytes()).isGreaterThan(100L * 1024 * 1024);
        assertThat(Files.readString(GatewayFiles.routes(stateDir)))
                .contains("monolith: http://127.0.0.1:"
                        + theirMonolith.getAddress().getPort());
    }

    @Test
    @Order(2)
    void theNextUpStartsTheGatewayFromTheClassDataArchiveTheFirstMadeOrFoundAndItStillPassesEverythingThrough()
            throws Exception {
        assertThat(upExit).as(upOutput.toString()).isZero();
        ClassDataArchives archives = ClassDataArchives.forThisJava(ports.classDataDir());
        assertThat(archives.check(SandboxPart.GATEWAY.label(), ports.gatewayJar())
                        .freshness())
                .as("the first up found the gateway's archive fresh or made it: " + upOutput)
                .isEqualTo(ClassDataArchives.Freshness.FRESH);
        assertThat(new Sandbox(line -> {}).down(stateDir).clean()).isTrue();

        StringWriter again = new StringWriter();
        assertThat(cli(again).execute(upArgs())).as(again.toString()).isZero();

        assertThat(again.toString())
                .contains("class-data archives (" + archives.root() + "): used by gateway")
                .doesNotContain("class-data archives made");
        SandboxState state = new Sandbox(line -> {}).state(stateDir).orElseThrow();
        long pid = state.part(SandboxPart.GATEWAY).orElseThrow().pid();
        assertThat(Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps")))
                .as("the gateway's JVM mapped the archive (a JVM that could not would have started without it)")
                .anyMatch(line -> line.endsWith(
                        archives.archive(SandboxPart.GATEWAY.label()).toString()));
        HttpResponse<String> through = HTTP.send(
                HttpRequest.newBuilder(URI.create(state.gatewayUrl() + "/app/api/orders/8"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(through.body()).isEqualTo("their monolith: GET /app/api/orders/8");
    }

    private static CommandLine cli(StringWriter out) {
        CommandLine cli = StranglerCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli;
    }
}
