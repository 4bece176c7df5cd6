package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.strangler.gateway.identity.Resolution;
import dev.strangler.gateway.metrics.IdentityResult;
import dev.strangler.gateway.metrics.StranglerMetrics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service that declares {@code credential: jwt} gets a JWT of the identity service (WireMock here) in place of
 * the app's session token; the monolith keeps getting the app's header. The gateway's cache TTL is 1 s and the
 * exchange timeout 1 s in these tests (GatewayTestBase).
 */
class IdentityPropagationTest extends GatewayTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN_PATH = "/oauth2/token";

    @Autowired
    StranglerMetrics metrics;

    /** Fresh per test: exchanged JWTs stay cached across tests for the TTL. */
    private final String session = "session-" + UUID.randomUUID();

    @BeforeEach
    void upstreamsAnswer() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("service")));
    }

    /** Products go to the service (in {@code mode}), which takes JWTs; everything else stays on the monolith. */
    private void productsToTheService(String mode) {
        useFile("""
                monolith: %s
                services:
                  catalog:
                    url: %s
                    timeout: 600ms
                    credential: jwt
                routes:
                  - {id: products, paths: [/api/products/**], service: catalog, mode: %s}
                """.formatted(MONOLITH.baseUrl(), SERVICE.baseUrl(), mode));
    }

    /** The identity service exchanges {@code sessionToken} for {@code jwt}, for the gateway's client only. */
    private static void exchanges(String sessionToken, String jwt) {
        IDENTITY.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withBasicAuth("strangler-gateway", IDENTITY_CLIENT_SECRET)
                .withFormParam("grant_type", equalTo("urn:ietf:params:oauth:grant-type:token-exchange"))
                .withFormParam("subject_token", equalTo(sessionToken))
                .withFormParam("subject_token_type", equalTo("urn:ietf:params:oauth:token-type:access_token"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"access_token":"%s","token_type":"Bearer","expires_in":300,
                                 "issued_token_type":"urn:ietf:params:oauth:token-type:access_token"}""".formatted(jwt))));
    }

    /** The identity service knows no session by that token (the same answer it gives for a JWT). */
    private static void refuses(String sessionToken) {
        IDENTITY.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withFormParam("subject_token", equalTo(sessionToken))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\"}")));
    }

    /** The monolith's 401 for a token it does not know (legacy-monolith ProblemHandler), for {@code path}. */
    private static String unknownToken(String path) {
        return """
                {"type":"/problems/unauthenticated","title":"Authentication required","status":401,
                 "detail":"The session token is unknown, expired or logged out","instance":"%s",
                 "code":"unauthenticated"}""".formatted(path);
    }

    /**
     * The service answers a credential it cannot verify as the catalog does where it needs a caller: with the
     * monolith's 401 for an unknown token. Its public pages ({@code /api/products/public/**} here) serve anyone.
     */
    private static void serviceNeedsACallerExceptOnPublicPages() {
        SERVICE.stubFor(any(urlPathMatching("/api/products/[0-9]+"))
                .withHeader("Authorization", equalTo("Bearer " + Resolution.Forward.REFUSED))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/problem+json")
                        .withTransformers("response-template")
                        .withBody(unknownToken("{{request.path}}"))));
    }

    private HttpResponse<String> withSession(String path, String token) {
        return fetch(path, "Authorization", "Bearer " + token);
    }

    private static List<LoggedRequest> requestsTo(com.github.tomakehurst.wiremock.WireMockServer server) {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void theServiceGetsTheJwtAndNeverTheSessionTokenWhileTheMonolithGetsTheAppsHeader() {
        productsToTheService("service");
        exchanges(session, "jwt-for-ada");

        HttpResponse<String> product = withSession("/api/products/1", session);
        HttpResponse<String> profile = withSession("/api/users/me", session);

        assertThat(product.body()).isEqualTo("service");
        assertThat(requestsTo(SERVICE))
                .singleElement()
                .satisfies(r -> assertThat(r.getHeader("Authorization"))
                        .as("the service verifies a JWT; the session token stays between app, gateway and monolith")
                        .isEqualTo("Bearer jwt-for-ada"));
        assertThat(profile.body()).isEqualTo("monolith");
        assertThat(requestsTo(MONOLITH))
                .singleElement()
                .satisfies(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + session));
    }

    @Test
    void aSecondRequestWithTheSameTokenIsServedFromTheCacheWithOneExchange() {
        productsToTheService("service");
        exchanges(session, "jwt-cached");
        long cachedBefore = metrics.identityResolutions(IdentityResult.CACHED);
        long resolvedBefore = metrics.identityResolutions(IdentityResult.RESOLVED);

        assertThat(withSession("/api/products/1", session).body()).isEqualTo("service");
        assertThat(withSession("/api/products/2", session).body()).isEqualTo("service");

        IDENTITY.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertThat(SERVICE.findAll(anyRequestedFor(anyUrl())))
                .extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer jwt-cached", "Bearer jwt-cached");
        assertThat(metrics.identityResolutions(IdentityResult.RESOLVED) - resolvedBefore)
                .isEqualTo(1);
        assertThat(metrics.identityResolutions(IdentityResult.CACHED) - cachedBefore)
                .as("the second request's JWT came from the cache")
                .isEqualTo(1);
    }

    @Test
    void aJwtSentByTheAppIsExchangedAsASessionTokenAndReachesTheServiceOnlyAsACredentialThatFails() {
        productsToTheService("service");
        serviceNeedsACallerExceptOnPublicPages();
        String forged = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIxIiwicm9sZXMiOlsiQURNSU4iXX0.c2ln";
        refuses(forged);

        HttpResponse<String> r = withSession("/api/products/7", forged);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r.body()))
                .as("the monolith's own 401 for an unknown token, from the service: the app cannot tell who refused")
                .isEqualTo(json(unknownToken("/api/products/7")));
        IDENTITY.verify(postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withFormParam("subject_token", equalTo(forged)));
        assertThat(requestsTo(SERVICE))
                .singleElement()
                .satisfies(req -> assertThat(req.getHeader("Authorization"))
                        .as("never the app's own JWT")
                        .isEqualTo("Bearer " + Resolution.Forward.REFUSED));
        assertThat(requestsTo(MONOLITH)).isEmpty();
        assertThat(metrics.identityResolutions(IdentityResult.REJECTED)).isPositive();
    }

    @Test
    void aRefusedTokenOnAPublicPageIsServedAsTheMonolithServesAStaleToken() {
        productsToTheService("service");
        serviceNeedsACallerExceptOnPublicPages();
        refuses(session); // logged out: the app still sends the token while it browses

        HttpResponse<String> r = withSession("/api/products/public/new", session);

        assertThat(r.statusCode())
                .as("the gateway does not answer 401 for the service")
                .isEqualTo(200);
        assertThat(r.body()).isEqualTo("service");
        assertThat(requestsTo(SERVICE))
                .singleElement()
                .satisfies(req -> assertThat(req.getHeader("Authorization")).doesNotContain(session));
    }

    @Test
    void anIdentityServiceThatIsDownIsAnswered503WithRetryAfterAndNothingReachesTheService() {
        productsToTheService("service");
        IDENTITY.stubFor(
                post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        HttpResponse<String> r = withSession("/api/products/1", session);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).doesNotContain(session).doesNotContain("127.0.0.1");
        assertThat(requestsTo(SERVICE))
                .as("fail closed: no session token to the service")
                .isEmpty();
    }

    @Test
    void anIdentityServiceSlowerThanTheTimeoutIsAnswered503AndNothingReachesTheService() {
        productsToTheService("service");
        IDENTITY.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(aResponse().withFixedDelay(3_000).withBody("{}")));

        long begin = System.nanoTime();
        HttpResponse<String> r = withSession("/api/products/1", session);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat((System.nanoTime() - begin) / 1_000_000)
                .as("the exchange timeout is 1 s")
                .isLessThan(2_500);
        assertThat(requestsTo(SERVICE)).isEmpty();
    }

    @Test
    void wrongGatewayCredentialsAtTheIdentityServiceAre503NotA401ThatWouldLogTheUserOut() {
        productsToTheService("service");
        IDENTITY.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\"}")));

        HttpResponse<String> r = withSession("/api/products/1", session);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(requestsTo(SERVICE)).isEmpty();
    }

    @Test
    void aLoggedOutTokenIsRefusedOnceTheCacheTtlHasPassed() {
        productsToTheService("service");
        serviceNeedsACallerExceptOnPublicPages();
        exchanges(session, "jwt-before-logout");
        assertThat(withSession("/api/products/1", session).statusCode()).isEqualTo(200);

        refuses(session); // logged out at the identity service
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> withSession("/api/products/1", session).statusCode() == 401);

        assertThat(withSession("/api/products/1", session).statusCode())
                .as("refusals are not cached away either")
                .isEqualTo(401);
    }

    @Test
    void aRequestWithoutAuthorizationReachesTheServiceWithoutOneAndAsksNoExchange() {
        productsToTheService("service");

        HttpResponse<String> r = fetch("/api/products/1");

        assertThat(r.body()).isEqualTo("service");
        SERVICE.verify(getRequestedFor(urlPathEqualTo("/api/products/1")).withHeader("Authorization", absent()));
        assertThat(requestsTo(IDENTITY)).isEmpty();
    }

    @Test
    void theShadowCopyCarriesTheJwtWhileTheAppIsServedByTheMonolithWithItsOwnHeader() {
        productsToTheService("shadow");
        exchanges(session, "jwt-in-shadow");

        HttpResponse<String> r = withSession("/api/products/1", session);

        assertThat(r.body()).isEqualTo("monolith");
        await().atMost(Duration.ofSeconds(10)).until(() -> !requestsTo(SERVICE).isEmpty());
        assertThat(requestsTo(SERVICE))
                .singleElement()
                .satisfies(s -> assertThat(s.getHeader("Authorization")).isEqualTo("Bearer jwt-in-shadow"));
        assertThat(requestsTo(MONOLITH))
                .singleElement()
                .satisfies(m -> assertThat(m.getHeader("Authorization")).isEqualTo("Bearer " + session));
    }

    @Test
    void aShadowCopyWithARefusedTokenCarriesACredentialThatFailsAndNeverTheToken() {
        productsToTheService("shadow");
        refuses(session);

        HttpResponse<String> r = withSession("/api/products/1", session);

        assertThat(r.body()).isEqualTo("monolith");
        await().atMost(Duration.ofSeconds(10)).until(() -> !requestsTo(SERVICE).isEmpty());
        assertThat(requestsTo(SERVICE))
                .singleElement()
                .satisfies(req ->
                        assertThat(req.getHeader("Authorization")).isEqualTo("Bearer " + Resolution.Forward.REFUSED));
    }

    @Test
    void aFallbackToTheMonolithCarriesTheAppsOwnHeaderNotTheJwt() {
        productsToTheService("service");
        exchanges(session, "jwt-then-fallback");
        SERVICE.stubFor(
                get(urlPathEqualTo("/api/products/1")).willReturn(aResponse().withStatus(503)));

        HttpResponse<String> r = withSession("/api/products/1", session);

        assertThat(r.body()).isEqualTo("monolith");
        assertThat(requestsTo(SERVICE))
                .singleElement()
                .satisfies(s -> assertThat(s.getHeader("Authorization")).isEqualTo("Bearer jwt-then-fallback"));
        assertThat(requestsTo(MONOLITH))
                .singleElement()
                .satisfies(m -> assertThat(m.getHeader("Authorization")).isEqualTo("Bearer " + session));
    }

    @Test
    void aServiceThatTakesTheAppsHeaderAsSentGetsItAndNoExchangeIsAsked() {
        useRoutes("""
                routes:
                  - {id: products, paths: [/api/products/**], service: catalog, mode: service}
                """);

        withSession("/api/products/1", session);

        SERVICE.verify(getRequestedFor(urlPathEqualTo("/api/products/1"))
                .withHeader("Authorization", equalTo("Bearer " + session)));
        assertThat(requestsTo(IDENTITY)).isEmpty();
    }
}
