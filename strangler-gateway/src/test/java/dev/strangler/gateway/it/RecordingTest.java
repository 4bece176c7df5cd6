package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.strangler.gateway.api.AuditEntry;
import dev.strangler.gateway.api.RecordedExchange;
import dev.strangler.gateway.api.RecordingStatus;
import dev.strangler.gateway.record.Recorder;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recording real traffic through the admin API: sampled request/response pairs of any mode, redacted before the
 * gateway keeps them, within the recording's caps, never at the cost of what the client gets.
 */
class RecordingTest extends GatewayTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PLACEHOLDER = Pattern.compile("«redacted:[0-9a-f]{16}»");

    @Autowired
    Recorder recorder;

    @BeforeEach
    @AfterEach
    void noRecording() {
        recorder.stop();
    }

    private void startRecording(String settings) {
        HttpResponse<String> started = admin("PUT", "/admin/recording", ADMIN_TOKEN, settings);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    }

    private String exchangesJson() {
        HttpResponse<String> r = admin("GET", "/admin/recording/exchanges", READ_TOKEN, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private List<RecordedExchange> exchanges(int expected) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> JSON.readValue(exchangesJson(), new TypeReference<List<RecordedExchange>>() {})
                                .size()
                        >= expected);
        return JSON.readValue(exchangesJson(), new TypeReference<List<RecordedExchange>>() {});
    }

    private RecordingStatus status() {
        return JSON.readValue(admin("GET", "/admin/recording", READ_TOKEN, null).body(), RecordingStatus.class);
    }

    private HttpResponse<String> postTo(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    @Test
    void everyModeIsRecordedWithWhoAnsweredAndTheRouteAndTemplateThatMatched() {
        useRoutes("""
                routes:
                  - id: rec-mono
                    paths: [/api/rec-mono/**]
                    service: catalog
                    mode: monolith
                  - id: rec-shadow
                    paths: [/api/rec-shadow/**]
                    service: catalog
                    mode: shadow
                  - id: rec-service
                    paths: ["/api/rec-service/{id}"]
                    service: catalog
                    mode: service
                """);
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withBody("from the monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withBody("from the service")));
        startRecording("{\"reason\":\"learn the contract\"}");

        fetch("/api/rec-mono/1");
        fetch("/api/rec-shadow/2");
        fetch("/api/rec-service/3?page=2&sort=name%20asc");
        fetch("/nothing/routes/this");

        List<RecordedExchange> recorded = exchanges(4);
        assertThat(recorded)
                .extracting(
                        e -> e.request().url(), RecordedExchange::route, RecordedExchange::mode, RecordedExchange::side)
                .containsExactly(
                        tuple("/api/rec-mono/1", "rec-mono", "monolith", "monolith"),
                        tuple("/api/rec-shadow/2", "rec-shadow", "shadow", "monolith"),
                        tuple("/api/rec-service/3?page=2&sort=name%20asc", "rec-service", "service", "service"),
                        tuple("/nothing/routes/this", null, "monolith", "monolith"));
        assertThat(recorded)
                .extracting(e -> e.response().body())
                .as("each answer as the client got it")
                .containsExactly("from the monolith", "from the monolith", "from the service", "from the monolith");
        assertThat(recorded)
                .extracting(RecordedExchange::template)
                .containsExactly("/api/rec-mono/**", "/api/rec-shadow/**", "/api/rec-service/{id}", null);
        assertThat(recorded).extracting(RecordedExchange::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(recorded)
                .extracting(RecordedExchange::caller)
                .as("one caller (same address, no credential), named by a hash")
                .allMatch(c -> c.matches("c-[0-9a-f]{12}"))
                .containsOnly(recorded.get(0).caller());
        assertThat(status().recorded()).isEqualTo(4);
    }

    @Test
    void secretsAreReplacedByPlaceholdersThatReadTheSameWhereverTheSameSecretAppears() {
        useRoutes("routes: []\n");
        MONOLITH.stubFor(post(urlPathEqualTo("/api/login"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Set-Cookie", "SESSION=sess-456-secret; Path=/; HttpOnly")
                        .withBody("{\"token\":\"tok-123-secret\",\"user\":{\"email\":\"ann@example.com\","
                                + "\"name\":\"Ann\"}}")));
        MONOLITH.stubFor(get(urlPathEqualTo("/api/orders"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("[{\"id\":7,\"customerNo\":\"K-99-secret\"}]")));
        startRecording("{\"redactHeaders\":[\"X-Admin\"],\"redactJsonFields\":[\"customerNo\"],\"reason\":\"test\"}");

        HttpResponse<String> login =
                postTo("/api/login", "application/json", "{\"user\":\"ann\",\"password\":\"hunter2-secret\"}");
        HttpResponse<String> orders = fetch(
                "/api/orders?access_token=tok-123-secret",
                "Authorization",
                "Bearer tok-123-secret",
                "Cookie",
                "SESSION=sess-456-secret; theme=dark",
                "X-Admin",
                "admin-pass-secret");

        assertThat(login.body()).as("the client gets the real token").contains("tok-123-secret");
        assertThat(orders.body()).contains("K-99-secret");
        List<RecordedExchange> recorded = exchanges(2);
        String everything = exchangesJson();
        assertThat(everything)
                .as("nothing secret anywhere in what the gateway kept")
                .doesNotContain("secret", "ann@example.com");
        RecordedExchange loginExchange = recorded.get(0);
        RecordedExchange ordersExchange = recorded.get(1);
        String token = placeholderIn(loginExchange.response().body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1"));
        assertThat(ordersExchange.request().headers().get("Authorization"))
                .as("the token the login answered and the later Bearer header read alike")
                .containsExactly("Bearer " + token);
        assertThat(ordersExchange.request().url()).isEqualTo("/api/orders?access_token=" + token);
        String session = placeholderIn(
                loginExchange.response().headers().get("Set-Cookie").get(0));
        assertThat(loginExchange.response().headers().get("Set-Cookie"))
                .containsExactly("SESSION=" + session + "; Path=/; HttpOnly");
        assertThat(ordersExchange.request().headers().get("Cookie"))
                .as("each cookie's value replaced, names and cookies that are no secret kept")
                .containsExactly("SESSION=" + session + "; theme="
                        + placeholderIn(ordersExchange
                                .request()
                                .headers()
                                .get("Cookie")
                                .get(0)
                                .replaceAll(".*theme=", "")));
        assertThat(session).isNotEqualTo(token);
        assertThat(loginExchange.request().body())
                .contains("\"user\":\"ann\"")
                .matches(".*\"password\":\"«redacted:[0-9a-f]{16}»\".*");
        assertThat(loginExchange.response().body()).contains("\"name\":\"Ann\"");
        assertThat(loginExchange.redactions())
                .containsExactlyInAnyOrder(
                        "request.body.$.password",
                        "response.headers.Set-Cookie",
                        "response.body.$.token",
                        "response.body.$.user.email");
        assertThat(ordersExchange.redactions())
                .containsExactlyInAnyOrder(
                        "request.query.access_token",
                        "request.headers.Authorization",
                        "request.headers.Cookie",
                        "request.headers.X-Admin",
                        "response.body.$[0].customerNo");
        assertThat(ordersExchange.caller())
                .as("a caller with a credential is named by it, not by its address")
                .isNotEqualTo(loginExchange.caller());
    }

    @Test
    void aGzippedAnswerIsRecordedDecodedAndRedactedWhileTheClientGetsItAsSent() throws Exception {
        useRoutes("routes: []\n");
        String body = "{\"token\":\"gz-token-secret\",\"items\":\"" + "lamp ".repeat(200) + "\"}";
        MONOLITH.stubFor(get(urlPathEqualTo("/api/gzipped"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
        startRecording("{\"reason\":\"test\"}");

        HttpResponse<byte[]> answer = http.send(
                HttpRequest.newBuilder(URI.create(url("/api/gzipped")))
                        .header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (var in = new GZIPInputStream(new ByteArrayInputStream(answer.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .as("the client gets the monolith's gzip as sent")
                    .isEqualTo(body);
        }
        RecordedExchange recorded = exchanges(1).get(0);
        assertThat(recorded.response().body())
                .startsWith("{\"token\":\"«redacted:")
                .contains("lamp lamp");
        assertThat(recorded.response().headers()).doesNotContainKey("Content-Encoding");
        assertThat(exchangesJson()).doesNotContain("gz-token-secret");
    }

    private static String placeholderIn(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        assertThat(m.find()).as("a placeholder in %s", text).isTrue();
        return m.group();
    }

    @Test
    void aRateOfZeroKeepsNothingAndCountsEveryRequestAsSampledOut() {
        useRoutes("routes: []\n");
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withBody("ok")));
        startRecording("{\"rate\":0,\"reason\":\"test\"}");

        for (int i = 0; i < 5; i++) {
            assertThat(fetch("/api/rate/" + i).body()).isEqualTo("ok");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> status().skipped().get("sampled-out") == 5);
        assertThat(status().recorded()).isZero();
        assertThat(exchangesJson()).isEqualTo("[]");
    }

    @Test
    void aRateOfAHalfKeepsAboutHalf() {
        useRoutes("routes: []\n");
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withBody("ok")));
        startRecording("{\"rate\":0.5,\"maxExchanges\":1000,\"maxPerTemplate\":1000,\"reason\":\"test\"}");

        for (int i = 0; i < 200; i++) {
            fetch("/api/half");
        }

        await().atMost(Duration.ofSeconds(10))
                .until(() -> status().recorded() + status().skipped().get("sampled-out") == 200);
        assertThat(status().recorded())
                .as("kept of 200 at rate 0.5 (outside 60..140 once in 10^8 runs)")
                .isBetween(60L, 140L);
    }

    @Test
    void theCapsPerTemplateAndInAllAreKeptAndWhatPassesThemIsCounted() {
        useRoutes("""
                routes:
                  - id: rec-items
                    paths: ["/api/rec-items/{id}"]
                    service: catalog
                    mode: monolith
                """);
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withBody("ok")));
        startRecording("{\"maxExchanges\":3,\"maxPerTemplate\":2,\"reason\":\"test\"}");

        for (int i = 1; i <= 4; i++) {
            fetch("/api/rec-items/" + i);
        }
        exchanges(2);
        fetch("/api/other/1");
        fetch("/api/other/2");

        List<RecordedExchange> recorded = exchanges(3);
        assertThat(recorded)
                .extracting(e -> e.request().url())
                .containsExactly("/api/rec-items/1", "/api/rec-items/2", "/api/other/1");
        RecordingStatus status = status();
        assertThat(status.recorded()).isEqualTo(3);
        assertThat(status.skipped()).containsEntry("template-cap", 2L).containsEntry("total-cap", 1L);
    }

    @Test
    void aBodyOverTheLimitIsNotKeptAndTheClientAndTheMonolithStillGetItWhole() {
        useRoutes("routes: []\n");
        String large = "x".repeat(5_000);
        MONOLITH.stubFor(
                get(urlPathEqualTo("/api/large")).willReturn(aResponse().withBody(large)));
        MONOLITH.stubFor(
                post(urlPathEqualTo("/api/upload")).willReturn(aResponse().withBody("stored")));
        startRecording("{\"maxBodyBytes\":1024,\"reason\":\"test\"}");

        HttpResponse<String> answer = fetch("/api/large");
        HttpResponse<String> upload = postTo("/api/upload", "text/plain", large);

        assertThat(answer.body()).as("the client gets the whole body").isEqualTo(large);
        assertThat(upload.body()).isEqualTo("stored");
        assertThat(MONOLITH.findAll(postRequestedFor(urlPathEqualTo("/api/upload")))
                        .get(0)
                        .getBodyAsString())
                .as("the monolith gets the whole request body")
                .isEqualTo(large);
        await().atMost(Duration.ofSeconds(10)).until(() -> status().skipped().get("body-too-large") == 2);
        assertThat(status().recorded()).isZero();
    }

    @Test
    void startingTakesAReasonAndSaneLimitsIsAuditedAndOneRecordingRunsAtATime() {
        HttpResponse<String> noReason = admin("PUT", "/admin/recording", ADMIN_TOKEN, "{\"rate\":0.5}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("a reason is required");
        HttpResponse<String> bad = admin(
                "PUT",
                "/admin/recording",
                ADMIN_TOKEN,
                "{\"rate\":1.5,\"maxBodyBytes\":-1,\"routes\":[\"nope\"],\"reason\":\"r\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body())
                .as("every problem at once, with what was sent")
                .contains("rate must be between 0 and 1 (was 1.5)")
                .contains("maxBodyBytes must be between 0 and 1048576 (was -1)")
                .contains("unknown route 'nope'");
        assertThat(admin("PUT", "/admin/recording", READ_TOKEN, "{\"reason\":\"r\"}")
                        .statusCode())
                .as("the read token may not start one")
                .isEqualTo(403);

        startRecording("{\"rate\":0.25,\"reason\":\"learn the contract\"}");
        HttpResponse<String> again = admin("PUT", "/admin/recording", ADMIN_TOKEN, "{\"reason\":\"again\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(status().on()).isTrue();
        assertThat(status().rate()).isEqualTo(0.25);

        HttpResponse<String> stopped = admin("DELETE", "/admin/recording?reason=done", ADMIN_TOKEN, null);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(status().on()).isFalse();
        assertThat(admin("DELETE", "/admin/recording?reason=done", ADMIN_TOKEN, null)
                        .statusCode())
                .isEqualTo(404);
        List<AuditEntry> audit = JSON.readValue(
                admin("GET", "/admin/audit?limit=2", READ_TOKEN, null).body(),
                new TypeReference<List<AuditEntry>>() {});
        assertThat(audit).extracting(AuditEntry::reason).containsExactly("learn the contract", "done");
        assertThat(audit.get(0).to()).startsWith("recording on (rate 0.25");
    }
}
