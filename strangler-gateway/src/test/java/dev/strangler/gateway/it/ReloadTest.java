package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.gateway.routing.Mode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The route file is watched: a valid change goes live without a restart, a broken one is refused and changes nothing. */
class ReloadTest extends GatewayTestBase {

    private static final String SERVICE_MODE = """
            routes:
              - {id: flip, paths: [/api/flip/**], service: catalog, mode: service}
            """;
    private static final String MONOLITH_MODE = SERVICE_MODE.replace("mode: service", "mode: monolith");

    @BeforeEach
    void bothSidesAnswer() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("service")));
        useRoutes(MONOLITH_MODE);
    }

    private void writeRoutes(String routesYaml) {
        write("monolith: " + MONOLITH.baseUrl() + "\nservices:\n  catalog:\n    url: " + SERVICE.baseUrl() + "\n"
                + routesYaml);
    }

    @Test
    void anEditedFileGoesLiveWithinASecondWithoutARestart() {
        long version = routes.current().version();
        writeRoutes(SERVICE_MODE);
        long begin = System.nanoTime();
        await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> fetch("/api/flip/1").body().equals("service"));
        assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(1_000);
        assertThat(routes.current().version()).isGreaterThan(version);
    }

    @Test
    void aBrokenFileIsRejectedWithItsReasonAndTheLastGoodTableStaysLive() throws Exception {
        useRoutes(SERVICE_MODE);
        long version = routes.current().version();
        writeRoutes(SERVICE_MODE.replace("service: catalog", "service: nowhere"));
        await().atMost(Duration.ofSeconds(3)).until(() -> !routes.lastReload().accepted());

        assertThat(fetch("/api/flip/1").body()).isEqualTo("service");
        assertThat(routes.current().version()).isEqualTo(version);
        HttpResponse<String> status = admin("GET", "/admin/reload", READ_TOKEN, null);
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(status.body())
                        .get("message")
                        .asString())
                .contains("line 6: routes[0].service: unknown service 'nowhere'");
        String prometheus = send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                        .build())
                .body();
        assertThat(prometheus)
                .contains("strangler_route_table_last_reload_accepted 0.0")
                .contains("strangler_route_table_reloads_total{result=\"rejected\"}");
    }

    @Test
    void aFileThatMirrorsWritesToAServiceWithoutDryRunsIsRejectedAndTheLastGoodTableStaysLive() throws Exception {
        useRoutes(SERVICE_MODE);
        long version = routes.current().version();
        writeRoutes("""
                routes:
                  - id: flip
                    paths: [/api/flip/**]
                    service: catalog
                    mode: shadow
                    shadow:
                      mirror-unsafe: true
                """);
        await().atMost(Duration.ofSeconds(3)).until(() -> !routes.lastReload().accepted());

        assertThat(routes.current().version()).isEqualTo(version);
        assertThat(fetch("/api/flip/1").body())
                .as("the last good table (service mode) serves")
                .isEqualTo("service");
        HttpResponse<String> status = admin("GET", "/admin/reload", READ_TOKEN, null);
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(status.body())
                        .get("message")
                        .asString())
                .contains(
                        "line 11: routes[0].shadow.mirror-unsafe: service 'catalog' does not declare that it honours dry runs");
    }

    @Test
    void noRequestFailsWhileTheRouteFlipsBackAndForth() throws Exception {
        AtomicBoolean flipping = new AtomicBoolean(true);
        CompletableFuture<Void> flipper = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 40; i++) {
                useRoutes(i % 2 == 0 ? SERVICE_MODE : MONOLITH_MODE);
                routes.setMode("flip", i % 3 == 0 ? Mode.CANARY : Mode.SERVICE, 5_000, "test", "flip test");
            }
            flipping.set(false);
        });
        List<Integer> statuses = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        while (flipping.get() || statuses.size() < 100) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url("/api/flip/" + statuses.size())))
                    .header("X-Device-Id", "d" + statuses.size())
                    .build());
            statuses.add(r.statusCode());
            bodies.add(r.body());
            if (statuses.size() > 5_000) {
                break;
            }
        }
        flipper.get();
        assertThat(statuses).allMatch(s -> s == 200);
        assertThat(bodies).allMatch(b -> b.equals("monolith") || b.equals("service"));
    }

    @Test
    void restoringTheLiveFileAfterARejectedEditShowsTheLastReloadAsAcceptedAgain() throws Exception {
        useRoutes(SERVICE_MODE);
        String live = Files.readString(ROUTES);
        write(live.replace("service: catalog", "service: nowhere"));
        watcher.checkNow();
        assertThat(routes.lastReload().accepted())
                .as("the broken edit is rejected")
                .isFalse();

        write(live);
        watcher.checkNow();

        JsonNode status = JsonMapper.builder()
                .build()
                .readTree(admin("GET", "/admin/reload", READ_TOKEN, null).body());
        assertThat(status.get("accepted").asBoolean())
                .as("/admin/reload once the file is the live one again: %s", status)
                .isTrue();
        assertThat(prometheus()).contains("strangler_route_table_last_reload_accepted 1.0");
    }

    @Test
    void aRouteFileWithYamlAliasesIsRefusedQuicklyAndALaterGoodFileIsStillPickedUp() {
        useRoutes(SERVICE_MODE);
        long version = routes.current().version();

        write(aliasBomb());
        await().atMost(Duration.ofSeconds(2)).until(() -> !routes.lastReload().accepted());

        assertThat(routes.lastReload().message()).contains("line 2: ").contains("anchors and aliases");
        assertThat(fetch("/api/flip/1").body())
                .as("the previous table stays live")
                .isEqualTo("service");
        assertThat(routes.current().version()).isEqualTo(version);
        writeRoutes(MONOLITH_MODE);
        await().atMost(Duration.ofSeconds(3))
                .until(() -> fetch("/api/flip/1").body().equals("monolith"));
    }

    /** 46 aliases that expand to 2^24 values when walked as a tree: 1.2 kB of YAML. */
    private static String aliasBomb() {
        StringBuilder yaml = new StringBuilder("monolith: " + MONOLITH.baseUrl() + "\nx0: &a0 [x, x]\n");
        for (int i = 1; i < 24; i++) {
            yaml.append("x")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [*a")
                    .append(i - 1)
                    .append(", *a")
                    .append(i - 1)
                    .append("]\n");
        }
        return yaml.toString();
    }

    private String prometheus() {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                        .build())
                .body();
    }
}
