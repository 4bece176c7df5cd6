package dev.strangler.playbook.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.strangler.playbook.cli.StranglerCommand;

class CdcCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new StranglerCommand());
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
        assertThat(source.get("connector.class").asString()).isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
        assertThat(source.get("plugin.name").asString()).isEqualTo("pgoutput");
        assertThat(source.get("database.hostname").asString()).isEqualTo("legacy-db");
        assertThat(source.get("database.password").asString()).isEqualTo("secret");
        assertThat(source.get("slot.name").asString()).isEqualTo("strangler_catalog");
        assertThat(source.get("table.include.list").asString()).isEqualTo("public.products,public.strangler_sync_marker");
        assertThat(source.get("transforms.map.topic").asString()).isEqualTo("strangler.catalog.changes");
        assertThat(sink.get("topics").asString()).isEqualTo("strangler.catalog.changes");
        assertThat(sink.get("connection.url").asString()).isEqualTo("jdbc:postgresql://catalog-db:5432/catalog");
        assertThat(source.get("transforms.map.mapping").asString()).contains("\"convert\":\"cents-to-decimal\"");
        assertThat(sink.has("transforms")).isFalse();
    }

    @Test
    void aBrokenPlanIsRefusedWithTheTableAndColumnAndExitCodeTwo() throws Exception {
        Path file = plan("""
                - {source: public.products, target: products, key: [sku], columns: {id: {}}}
                """);
        assertThat(run("cdc", "render", "--plan", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("stream catalog, table public.products: key column sku is not a mapped target column [id]");
    }

    @Test
    void anUnknownStreamIsNamedWithTheStreamsThereAre() throws Exception {
        Path file = plan("""
                - {source: public.products, target: products, key: [id], columns: {id: {}}}
                """);
        assertThat(run("cdc", "render", "--plan", file.toString(), "--stream", "orders")).isEqualTo(2);
        assertThat(err.toString()).contains("the plan has no stream 'orders'; it has [catalog]");
    }
}
