package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.routing.Bucketing;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A canary that sticks callers by {@code client-ip} behind a load balancer: the gateway takes each
 * caller's address from the forwarded headers of a trusted proxy (127.0.0.1 in these tests), and
 * ignores them from anyone else (127.0.0.2 here).
 */
class ClientAddressTest extends GatewayTestBase {

    private static final String TRUSTED_PEER = "127.0.0.1";
    private static final String UNTRUSTED_PEER = "127.0.0.2";
    private static final int HALF = 5_000;

    @BeforeEach
    void halfOfTheCallersByAddressGoToTheService() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("service")));
        // A generous service timeout: a fallback to the monolith would look like a bucket decision.
        useRoutes(MONOLITH.baseUrl(), SERVICE.baseUrl(), "5s", """
                routes:
                  - id: products
                    paths: [/api/products/**]
                    service: catalog
                    mode: canary
                    percent: 50
                    stick-by: [client-ip]
                """);
    }

    /** The first caller address 203.0.113.n whose bucket is (or is not) in the canary. */
    private static String callerAddress(boolean inCanary) {
        return IntStream.range(1, 255)
                .mapToObj(n -> "203.0.113." + n)
                .filter(ip -> Bucketing.inCanary("catalog", ip, HALF) == inCanary)
                .findFirst()
                .orElseThrow();
    }

    private String servedBy(String peer, String forwardedFor) {
        try (RawHttp http = RawHttp.connect(peer, port, Duration.ofSeconds(10))) {
            RawHttp.Response response = http.head(
                            "GET /api/products/7 HTTP/1.1\nHost: shop.example\nConnection: close\n"
                                    + "X-Forwarded-For: " + forwardedFor)
                    .response();
            assertThat(response.status()).isEqualTo(200);
            return response.body();
        }
    }

    @Test
    void behindATrustedProxyEachCallerIsBucketedByItsOwnForwardedAddress() {
        String inCanary = callerAddress(true);
        String outOfCanary = callerAddress(false);

        assertThat(servedBy(TRUSTED_PEER, inCanary))
                .as(inCanary + " through the load balancer")
                .isEqualTo("service");
        assertThat(servedBy(TRUSTED_PEER, outOfCanary))
                .as(outOfCanary + " through the load balancer")
                .isEqualTo("monolith");
        assertThat(servedBy(TRUSTED_PEER, "198.51.100.9, " + inCanary))
                .as("the right-most address the trusted proxy wrote decides, not what the caller claimed before it")
                .isEqualTo("service");
    }

    @Test
    void anUntrustedPeerCannotChooseItsBucketWithXForwardedFor() {
        String ownSide = Bucketing.inCanary("catalog", UNTRUSTED_PEER, HALF) ? "service" : "monolith";
        String otherSide = callerAddress(ownSide.equals("monolith"));

        assertThat(servedBy(UNTRUSTED_PEER, otherSide))
                .as("decided by the peer's own address " + UNTRUSTED_PEER)
                .isEqualTo(ownSide);
    }

    @Test
    void aMalformedForwardedForFromATrustedProxyFallsBackToThePeerAddress() {
        String peerSide = Bucketing.inCanary("catalog", TRUSTED_PEER, HALF) ? "service" : "monolith";

        String otherSide = callerAddress(peerSide.equals("monolith"));

        assertThat(servedBy(TRUSTED_PEER, "not-an-address")).isEqualTo(peerSide);
        assertThat(servedBy(TRUSTED_PEER, otherSide + ", unknown"))
                .as("the nearest hop is no address")
                .isEqualTo(peerSide);
    }
}
