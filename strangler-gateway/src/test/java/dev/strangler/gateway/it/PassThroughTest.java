package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With no routes the gateway is invisible: what the app sends reaches the monolith, what it answers reaches the app. */
class PassThroughTest extends GatewayTestBase {

    @BeforeEach
    void noRoutes() {
        useRoutes("routes: []\n");
    }

    private LoggedRequest onlyRequestTheMonolithSaw() {
        List<LoggedRequest> seen = MONOLITH.findAll(anyRequestedFor(anyUrl()));
        assertThat(seen).hasSize(1);
        return seen.get(0);
    }

    @Test
    void encodedPathQueryMethodAndHeadersReachTheMonolithUnchanged() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        // An encoded '/' is refused instead (see PathCanonicalisationTest): upstreams disagree on it.
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/files/a%3Ab/c%20d%C3%A9?q=a%26b&x=1&x=2&empty=")))
                .method("DELETE", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer opaque-token-123")
                .header("Cookie", "sid=abc; theme=dark")
                .header("X-Multi", "one")
                .header("X-Multi", "two")
                .header("X-Strangler-Force", "service")
                .build();

        HttpResponse<String> response = send(request);

        assertThat(response.statusCode()).isEqualTo(200);
        LoggedRequest seen = onlyRequestTheMonolithSaw();
        assertThat(seen.getMethod().value()).isEqualTo("DELETE");
        assertThat(seen.getUrl()).isEqualTo("/files/a%3Ab/c%20d%C3%A9?q=a%26b&x=1&x=2&empty=");
        assertThat(seen.getHeader("Authorization")).isEqualTo("Bearer opaque-token-123");
        assertThat(seen.getHeader("Cookie")).isEqualTo("sid=abc; theme=dark");
        assertThat(seen.header("X-Multi").values()).containsExactly("one", "two");
        assertThat(seen.containsHeader("X-Strangler-Force"))
                .as("internal headers from clients are stripped")
                .isFalse();
        assertThat(seen.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.getHeader("Host")).as("the client's Host is preserved").isEqualTo("127.0.0.1:" + port);
    }

    @Test
    void internalHeadersAClientSendsAreStrippedWhateverTheirCaseAndHowOftenTheyCome() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/api/things/1")))
                .header("x-strangler-shadow", "forged")
                .header("X-STRANGLER-DRY-RUN", "true")
                .header("X-Strangler-Dry-Run", "true")
                .header("X-Stranglerish", "kept: not the internal prefix")
                .build();

        assertThat(send(request).statusCode()).isEqualTo(200);

        LoggedRequest seen = onlyRequestTheMonolithSaw();
        assertThat(seen.getAllHeaderKeys())
                .filteredOn(h -> h.regionMatches(true, 0, "X-Strangler-", 0, "X-Strangler-".length()))
                .isEmpty();
        assertThat(seen.getHeader("X-Stranglerish")).isEqualTo("kept: not the internal prefix");
    }

    @Test
    void statusHeadersAndBodyOfTheMonolithReachTheAppUnchanged() {
        MONOLITH.stubFor(get(urlEqualTo("/teapot"))
                .willReturn(aResponse()
                        .withStatus(418)
                        .withHeader("Set-Cookie", "a=1; Path=/")
                        .withHeader("Set-Cookie", "b=2; HttpOnly")
                        .withHeader("Content-Type", "application/problem+json")
                        .withHeader("ETag", "\"v1\"")
                        .withBody("{\"title\":\"I'm a teapot\"}")));

        HttpResponse<String> response = fetch("/teapot");

        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("a=1; Path=/", "b=2; HttpOnly");
        assertThat(response.headers().firstValue("ETag")).contains("\"v1\"");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).isEqualTo("{\"title\":\"I'm a teapot\"}");
    }

    @Test
    void redirectsAreHandedToTheAppNotFollowed() {
        MONOLITH.stubFor(get(urlEqualTo("/old"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "/new?from=old")));
        HttpResponse<String> response = fetch("/old");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).contains("/new?from=old");
        assertThat(MONOLITH.findAll(anyRequestedFor(urlEqualTo("/new?from=old"))))
                .isEmpty();
    }

    @Test
    void largeUploadsAndDownloadsArriveByteForByte() throws Exception {
        byte[] upload = new byte[8 * 1024 * 1024];
        byte[] download = new byte[16 * 1024 * 1024];
        new Random(1).nextBytes(upload);
        new Random(2).nextBytes(download);
        MONOLITH.stubFor(post(urlEqualTo("/upload"))
                .willReturn(aResponse().withStatus(201).withBody(download)));

        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(url("/upload")))
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(upload))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(sha256(response.body())).isEqualTo(sha256(download));
        assertThat(sha256(onlyRequestTheMonolithSaw().getBody())).isEqualTo(sha256(upload));
    }

    @Test
    void chunkedResponsesStreamThrough() {
        MONOLITH.stubFor(get(urlEqualTo("/stream"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/plain")
                        .withBody("0123456789".repeat(100))
                        .withChunkedDribbleDelay(10, 300)));
        HttpResponse<String> response = fetch("/stream");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("0123456789".repeat(100));
    }

    @Test
    void hopByHopHeadersAreNotForwarded() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        send(HttpRequest.newBuilder(URI.create(url("/ping")))
                .header("Proxy-Authorization", "Basic eDp5")
                .header("TE", "trailers")
                .GET()
                .build());
        LoggedRequest seen = onlyRequestTheMonolithSaw();
        assertThat(seen.containsHeader("Proxy-Authorization")).isFalse();
        assertThat(seen.containsHeader("TE")).isFalse();
    }

    @Test
    void aMonolithThatIsDownIsA5xxNotAHang() {
        MONOLITH.stubFor(get(urlEqualTo("/dead")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        HttpResponse<String> response = fetch("/dead");
        assertThat(response.statusCode()).isBetween(500, 599);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
