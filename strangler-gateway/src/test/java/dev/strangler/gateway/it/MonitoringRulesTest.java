package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerting rules and the Grafana dashboard in {@code deploy/monitoring}: Prometheus's own {@code promtool}
 * (Debian package {@code prometheus}, which {@code .ci/run} installs) checks the rules and runs their unit tests,
 * and every series the rules and the dashboard read, with every label they select on, is one this gateway
 * exposes: a renamed metric or label fails here, not silently in a team's Prometheus. The CDC streams' series
 * ({@code strangler_cdc_*}) come from the CDC exporter ({@code strangler cdc metrics}), not the gateway: cdc-core's
 * {@code StreamMetricsTest} checks them the same way against a real stream.
 */
class MonitoringRulesTest extends GatewayTestBase {

    private static final Path MONITORING = Path.of("..", "deploy", "monitoring");
    private static final Path RULES = MONITORING.resolve("strangler-alerts.yml");
    private static final Path DASHBOARD = MONITORING.resolve("grafana-strangler-gateway.json");
    /** A series name (ours or Resilience4j's) and, when it has one, its selector's body. */
    private static final Pattern SERIES = Pattern.compile("\\b((?:strangler|resilience4j)_[a-z0-9_]+)(?:\\{([^}]*)})?");

    private static final Pattern LABEL = Pattern.compile("([a-z_]+)\\s*(?:=~|!=|!~|=)");

    /** Series of the CDC exporter, checked by cdc-core's StreamMetricsTest against a real stream. */
    private static final String CDC_EXPORTER_SERIES = "strangler_cdc_";

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        assertThat(promtool("check", "rules", RULES.getFileName().toString())).contains("SUCCESS");
        assertThat(promtool("test", "rules", "strangler-alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void everySeriesTheRulesAndTheDashboardReadIsOneTheGatewayExposesWithThoseLabels() throws Exception {
        exerciseEverySignal();
        String scrape = scrape();

        List<String> expressions = new ArrayList<>();
        for (String line : Files.readAllLines(RULES, StandardCharsets.UTF_8)) {
            if (!line.trim().startsWith("#")) {
                expressions.add(line);
            }
        }
        JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                expressions.add(target.get("expr").asString());
            }
        }
        expressions.add(
                dashboard.get("templating").get("list").get(1).get("definition").asString());

        Set<String> checked = new TreeSet<>();
        for (String expression : expressions) {
            Matcher m = SERIES.matcher(expression);
            while (m.find()) {
                String name = m.group(1);
                if (name.startsWith(CDC_EXPORTER_SERIES)) {
                    continue;
                }
                assertThat(scrape)
                        .as("the gateway exposes %s (read by: %s)", name, expression.trim())
                        .containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]");
                if (m.group(2) != null) {
                    Matcher label = LABEL.matcher(m.group(2));
                    while (label.find()) {
                        assertThat(scrape)
                                .as("%s carries the label %s (read by: %s)", name, label.group(1), expression.trim())
                                .containsPattern("(?m)^" + Pattern.quote(name) + "\\{[^}]*\\b" + label.group(1) + "=");
                    }
                }
                checked.add(name);
            }
        }
        assertThat(checked)
                .as("the rules and the dashboard read the gateway's signals")
                .contains(
                        "strangler_requests_seconds_count",
                        "strangler_shadow_results_total",
                        "strangler_fallbacks_total",
                        "strangler_holds_seconds_bucket",
                        "resilience4j_circuitbreaker_state",
                        "strangler_identity_resolutions_total");
    }

    /** One of each: a shadow comparison, a fallback (so a breaker), a write held, a refused token exchange. */
    private void exerciseEverySignal() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("broken")));
        IDENTITY.stubFor(post(urlPathEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\"}")));
        useFile("""
                monolith: %s
                services:
                  catalog: {url: "%s", timeout: 600ms}
                  accounts: {url: "%s", timeout: 600ms, credential: jwt}
                routes:
                  - {id: watched-shadow, paths: [/api/watched/shadow/**], service: catalog, mode: shadow}
                  - {id: watched-service, paths: [/api/watched/service/**], service: catalog, mode: service}
                  - {id: watched-write, methods: [PATCH], paths: [/api/watched/write/**], service: catalog, mode: monolith}
                  - {id: watched-jwt, paths: [/api/watched/jwt/**], service: accounts, mode: service}
                """.formatted(MONOLITH.baseUrl(), SERVICE.baseUrl(), SERVICE.baseUrl()));
        fetch("/api/watched/shadow/1");
        assertThat(fetch("/api/watched/service/1").body()).as("a fallback").isEqualTo("monolith");
        fetch("/api/watched/jwt/1", "Authorization", "Bearer some-session-token");
        assertThat(admin("POST", "/admin/routes/watched-write/hold", ADMIN_TOKEN, "{\"reason\":\"watch\"}")
                        .statusCode())
                .isEqualTo(200);
        // A write that waits in the hold: what the hold metric times.
        var write = http.sendAsync(
                HttpRequest.newBuilder(URI.create(url("/api/watched/write/1")))
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        admin("GET", "/admin/holds", READ_TOKEN, null).body().contains("\"waiting\":1"));
        assertThat(admin("DELETE", "/admin/routes/watched-write/hold?reason=watched", ADMIN_TOKEN, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(write.join().body()).isEqualTo("monolith");
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().contains("route=\"watched-shadow\""));
    }

    private String scrape() {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(10))
                        .build())
                .body();
    }

    /** Runs promtool in deploy/monitoring; its output, or a failed assertion with it. */
    private static String promtool(String... args) throws IOException, InterruptedException {
        String promtool = System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool");
        assertThat(new File(promtool))
                .as("%s: install the Debian package prometheus (.ci/run does), or set PROMTOOL", promtool)
                .isExecutable();
        List<String> command = new ArrayList<>(List.of(promtool));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(MONITORING.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("promtool %s:\n%s", String.join(" ", args), out)
                .isZero();
        return out;
    }
}
