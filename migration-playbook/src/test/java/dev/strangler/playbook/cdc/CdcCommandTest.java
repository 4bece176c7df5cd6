package dev.strangler.playbook.cdc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.strangler.infra.postgres.SharedPostgres;
import dev.strangler.playbook.StranglerCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CdcCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = StranglerCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path plan(String tables) throws Exception {
        Path file = dir.resolve("plan.yaml");
        Files.writeString(file, """
                streams:
                  - name: catalog
                    source: {url: "jdbc:postgresql://legacy-db:5432/shop", user: cdc, password: "${CDC_PASSWORD:-secret}"}
                    target: {url: "jdbc:postgresql://catalog-db:5432/catalog", user: catalog}
                    tables:
                %s""".formatted(tables.indent(6)));
        return file;
    }

    @Test
    void renderPrintsTheSourceAndSinkConnectorsATeamWouldSubmit() throws Exception {
        Path file = plan("""
                - source: public.products
                  target: products
                  key: [id]
                  columns: {id: {}, price_cents: {to: price, convert: cents-to-decimal}}
                """);

        assertThat(run("cdc", "render", "--plan", file.toString())).isZero();

        JsonNode connectors = JsonMapper.builder().build().readTree(out.toString());
        JsonNode source = connectors.get(0).get("config");
        JsonNode sink = connectors.get(1).get("config");
        assertThat(connectors.get(0).get("name").asString()).isEqualTo("strangler-catalog-source");
        assertThat(source.get("connector.class").asString())
                .isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
        assertThat(source.get("plugin.name").asString()).isEqualTo("pgoutput");
        assertThat(source.get("database.hostname").asString()).isEqualTo("legacy-db");
        assertThat(source.get("database.password").asString())
                .as("redacted when printed")
                .isEqualTo("********");
        assertThat(out.toString()).doesNotContain("secret");
        assertThat(source.get("slot.name").asString()).isEqualTo("strangler_catalog");
        assertThat(source.get("table.include.list").asString())
                .isEqualTo("public.products,public.strangler_sync_marker");
        assertThat(source.get("transforms.map.topic").asString()).isEqualTo("strangler.catalog.changes");
        assertThat(sink.get("topics").asString()).isEqualTo("strangler.catalog.changes");
        assertThat(sink.get("connection.url").asString()).isEqualTo("jdbc:postgresql://catalog-db:5432/catalog");
        assertThat(source.get("transforms.map.mapping").asString()).contains("\"convert\":\"cents-to-decimal\"");
        assertThat(sink.has("transforms")).isFalse();
    }

    @Test
    void passwordsCanBeRenderedAsReferencesTheConnectWorkerResolvesFromAFile() throws Exception {
        Path file = plan("- {source: public.products, target: products, key: [id], columns: {id: {}}}\n");

        assertThat(run(
                        "cdc",
                        "render",
                        "--plan",
                        file.toString(),
                        "--secrets",
                        "file:/etc/kafka/strangler-secrets.properties"))
                .isZero();

        JsonNode connectors = JsonMapper.builder().build().readTree(out.toString());
        assertThat(connectors.get(0).get("config").get("database.password").asString())
                .isEqualTo("${file:/etc/kafka/strangler-secrets.properties:catalog.source.password}");
        assertThat(connectors.get(1).get("config").get("connection.password").asString())
                .isEqualTo("${file:/etc/kafka/strangler-secrets.properties:catalog.target.password}");
        assertThat(out.toString()).doesNotContain("secret\"");
    }

    @Test
    void theSourceConnectsAsItsUrlSaysTlsSettingsIncluded() throws Exception {
        Path file = dir.resolve("tls.yaml");
        Files.writeString(file, """
                streams:
                  - name: catalog
                    source: {url: "jdbc:postgresql://legacy-db:5432/shop?sslmode=verify-full&sslrootcert=/certs/root.crt&tcpKeepAlive=true", user: cdc}
                    target: {url: "jdbc:postgresql://catalog-db:5432/catalog?sslmode=require", user: catalog}
                    tables:
                      - {source: public.products, target: products, key: [id], columns: {id: {}}}
                """);

        assertThat(run("cdc", "render", "--plan", file.toString())).isZero();

        JsonNode connectors = JsonMapper.builder().build().readTree(out.toString());
        JsonNode source = connectors.get(0).get("config");
        assertThat(source.get("database.dbname").asString()).isEqualTo("shop");
        assertThat(source.get("database.sslmode").asString()).isEqualTo("verify-full");
        assertThat(source.get("database.sslrootcert").asString()).isEqualTo("/certs/root.crt");
        assertThat(source.get("driver.tcpKeepAlive").asString()).isEqualTo("true");
        assertThat(connectors.get(1).get("config").get("connection.url").asString())
                .endsWith("?sslmode=require");
    }

    @Test
    void aBrokenPlanIsRefusedWithTheTableAndColumnAndExitCodeTwo() throws Exception {
        Path file = plan("""
                - {source: public.products, target: products, key: [sku], columns: {id: {}}}
                """);
        assertThat(run("cdc", "render", "--plan", file.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains("stream catalog, table public.products: key column sku is not a mapped target column [id]");
    }

    @Test
    void anUnknownStreamIsNamedWithTheStreamsThereAre() throws Exception {
        Path file = plan("""
                - {source: public.products, target: products, key: [id], columns: {id: {}}}
                """);
        assertThat(run("cdc", "render", "--plan", file.toString(), "--stream", "orders"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("the plan has no stream 'orders'; it has [catalog]");
    }

    @Test
    void statusShowsAnOrphanedReverseSlotHoldingWalWithoutTheReverseStreamBeingNamed() throws Exception {
        TwoWay dbs = twoWayDatabases();
        // Left behind by a write cutover that stopped half-way, or a removal that failed: no connector reads it.
        sql(dbs.service(), "SELECT pg_create_logical_replication_slot('strangler_shop_reverse', 'pgoutput')");
        WireMockServer connect = connectWithoutConnectors();
        try {
            assertThat(run(
                            "cdc",
                            "status",
                            "--plan",
                            dbs.plan().toString(),
                            "--connect",
                            connect.baseUrl(),
                            "--lag-timeout",
                            "200ms"))
                    .isEqualTo(1);

            assertThat(out.toString())
                    .as("every slot the plan's streams own is shown, the reverse stream's too")
                    .contains("stream shop_reverse: NEEDS ATTENTION")
                    .contains(
                            "WARNING: replication slot strangler_shop_reverse is INACTIVE and no connector of stream shop_reverse "
                                    + "is deployed");
        } finally {
            connect.stop();
            sql(dbs.service(), "SELECT pg_drop_replication_slot('strangler_shop_reverse')");
        }
    }

    @Test
    void statusShowsAReverseStreamThatIsNotAppliedYetWithoutAWarning() throws Exception {
        TwoWay dbs = twoWayDatabases();
        WireMockServer connect = connectWithoutConnectors();
        try {
            run(
                    "cdc",
                    "status",
                    "--plan",
                    dbs.plan().toString(),
                    "--connect",
                    connect.baseUrl(),
                    "--lag-timeout",
                    "200ms");

            assertThat(out.toString())
                    .contains("stream shop_reverse: not applied (a reverse stream starts at the write cutover)")
                    .doesNotContain("strangler_shop_reverse");
        } finally {
            connect.stop();
        }
    }

    @Test
    void metricsServesThePlansStreamsToPrometheusUntilStopped() throws Exception {
        TwoWay dbs = twoWayDatabases();
        WireMockServer connect = connectWithoutConnectors();
        ExecutorService serving = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = serving.submit(() -> run(
                    "cdc",
                    "metrics",
                    "--plan",
                    dbs.plan().toString(),
                    "--connect",
                    connect.baseUrl(),
                    "--listen",
                    "127.0.0.1:0"));
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("/metrics"));
            Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/metrics").matcher(out.toString());
            assertThat(url.find()).as(out.toString()).isTrue();
            assertThat(out.toString()).contains("serving the metrics of stream(s) [shop, shop_reverse]");

            HttpResponse<String> scrape = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url.group()))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            assertThat(scrape.body().lines())
                    .as("the forward stream's connectors are not deployed: not running")
                    .contains(
                            "strangler_cdc_stream_observed{stream=\"shop\"} 1",
                            "strangler_cdc_connector_running{stream=\"shop\",connector=\"strangler-shop-source\",role=\"source\"} 0",
                            "strangler_cdc_slot_exists{stream=\"shop\",slot=\"strangler_shop\"} 0",
                            "strangler_cdc_stream_observed{stream=\"shop_reverse\"} 1");
            assertThat(scrape.body())
                    .as("no heartbeat yet is no series, not a 0; a reverse stream not applied has no connector to miss")
                    .doesNotContain("strangler_cdc_heartbeat_lag_seconds")
                    .doesNotContain("connector=\"strangler-shop_reverse-source\"");

            exit.cancel(true);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThatThrownBy(() -> HttpClient.newHttpClient()
                                    .send(
                                            HttpRequest.newBuilder(URI.create(url.group()))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString()))
                            .as("the server stops with the command")
                            .isInstanceOf(IOException.class));
        } finally {
            serving.shutdownNow();
            connect.stop();
        }
    }

    @Test
    void streamsNamedWithSeveralStreamOptionsAreRenderedAndNoOther() throws Exception {
        Path file = dir.resolve("two.yaml");
        Files.writeString(file, """
                streams:
                  - name: catalog
                    source: {url: "jdbc:postgresql://legacy-db:5432/shop", user: cdc}
                    target: {url: "jdbc:postgresql://catalog-db:5432/catalog", user: catalog}
                    tables: [{source: public.products, target: products, key: [id], columns: {id: {}}}]
                  - name: orders
                    source: {url: "jdbc:postgresql://legacy-db:5432/shop", user: cdc}
                    target: {url: "jdbc:postgresql://orders-db:5432/orders", user: orders}
                    tables: [{source: public.orders, target: orders, key: [id], columns: {id: {}}}]
                  - name: payments
                    source: {url: "jdbc:postgresql://legacy-db:5432/shop", user: cdc}
                    target: {url: "jdbc:postgresql://payments-db:5432/payments", user: payments}
                    tables: [{source: public.payments, target: payments, key: [id], columns: {id: {}}}]
                """);

        assertThat(run("cdc", "render", "--plan", file.toString(), "--stream", "catalog", "--stream", "payments"))
                .isZero();

        JsonNode connectors = JsonMapper.builder().build().readTree(out.toString());
        List<String> names = new ArrayList<>();
        connectors.forEach(c -> names.add(c.get("name").asString()));
        assertThat(names)
                .containsExactly(
                        "strangler-catalog-source",
                        "strangler-catalog-sink",
                        "strangler-payments-source",
                        "strangler-payments-sink");
    }

    /** A monolith's and a service's database, and a plan with a stream each way between them. */
    private record TwoWay(String monolith, String service, Path plan) {}

    private TwoWay twoWayDatabases() throws Exception {
        String monolith = SharedPostgres.freshDatabase("status_monolith");
        String service = SharedPostgres.freshDatabase("status_service");
        String markers =
                "CREATE TABLE strangler_sync_marker (stream text PRIMARY KEY, token text NOT NULL, committed_at timestamptz NOT NULL, "
                        + "applied_at timestamptz NOT NULL DEFAULT clock_timestamp())";
        sql(monolith, "CREATE TABLE products (id bigint PRIMARY KEY, name text); " + markers);
        sql(service, "CREATE TABLE products (id bigint PRIMARY KEY, title text); " + markers);
        Path file = dir.resolve("two-way.yaml");
        Files.writeString(file, """
                streams:
                  - name: shop
                    source: {url: "%1$s", user: postgres, password: "%3$s"}
                    target: {url: "%2$s", user: postgres, password: "%3$s"}
                    tables: [{source: public.products, target: products, key: [id], columns: {id: {}, name: {to: title}}}]
                  - name: shop_reverse
                    reverse-of: shop
                    source: {url: "%2$s", user: postgres, password: "%3$s"}
                    target: {url: "%1$s", user: postgres, password: "%3$s"}
                    tables: [{source: public.products, target: products, key: [id], apply: update-only, columns: {id: {}, title: {to: name}}}]
                """.formatted(
                        SharedPostgres.cluster().jdbcUrl(monolith),
                        SharedPostgres.cluster().jdbcUrl(service),
                        SharedPostgres.cluster().password()));
        return new TwoWay(monolith, service, file);
    }

    /** Kafka Connect's REST API as it answers for connectors it does not know. */
    private static WireMockServer connectWithoutConnectors() {
        WireMockServer connect = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        connect.start();
        connect.stubFor(get(urlPathMatching("/connectors/.*/status"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withBody("{\"error_code\":404,\"message\":\"No status found for connector\"}")));
        return connect;
    }

    private static void sql(String db, String statements) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(db);
                Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }
}
