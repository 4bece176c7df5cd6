package dev.strangler.gateway.identity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.strangler.gateway.audit.AuditLog;
import dev.strangler.gateway.live.LiveRoutes;
import dev.strangler.gateway.live.OverrideStore;
import dev.strangler.gateway.live.Pins;
import dev.strangler.gateway.metrics.IdentityResult;
import dev.strangler.gateway.metrics.StranglerMetrics;
import dev.strangler.gateway.routing.Credential;
import dev.strangler.gateway.routing.RouteTable;
import dev.strangler.gateway.routing.ServiceEndpoint;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;

/** The cache of exchanged JWTs: one exchange per token however many ask at once, and never a JWT near its end. */
class IdentityPropagationCacheTest {

    private static final ServiceEndpoint CATALOG = new ServiceEndpoint(
            "catalog", URI.create("http://127.0.0.1:9002"), Duration.ofSeconds(1), false, Credential.JWT);

    @TempDir
    Path dir;

    private final WireMockServer identity =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private StranglerMetrics metrics;

    @BeforeEach
    void start() {
        identity.start();
        LiveRoutes routes = new LiveRoutes(
                RouteTable.empty(URI.create("http://127.0.0.1:9001")),
                new AuditLog(dir.resolve("audit.log"), Clock.systemUTC()),
                new OverrideStore(dir.resolve("overrides.json")),
                Clock.systemUTC());
        metrics = new StranglerMetrics(new SimpleMeterRegistry(), routes, new Pins());
    }

    @AfterEach
    void stop() {
        identity.stop();
    }

    private IdentityPropagation propagation(Duration ttl) {
        return propagation(ttl, Duration.ZERO);
    }

    private IdentityPropagation propagation(Duration ttl, Duration recheckAfter) {
        return propagation(ttl, recheckAfter, null);
    }

    /** A breaker as the gateway configures its services' (count-based), small: opens after 4 calls half failed, for 1 s. */
    private static ReactiveCircuitBreaker breaker() {
        ReactiveResilience4JCircuitBreakerFactory factory = new ReactiveResilience4JCircuitBreakerFactory(
                CircuitBreakerRegistry.ofDefaults(),
                TimeLimiterRegistry.ofDefaults(),
                null,
                new Resilience4JConfigurationProperties());
        factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(4)
                        .minimumNumberOfCalls(4)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(1))
                        .build())
                .timeLimiterConfig(TimeLimiterConfig.custom()
                        .timeoutDuration(Duration.ofHours(1))
                        .build())
                .build());
        return factory.create(IdentityPropagation.BREAKER);
    }

    private IdentityPropagation propagation(Duration ttl, Duration recheckAfter, ReactiveCircuitBreaker breaker) {
        return new IdentityPropagation(
                new TokenExchange(
                        URI.create(identity.baseUrl() + "/oauth2/token"),
                        "strangler-gateway",
                        "secret",
                        Duration.ofSeconds(5)),
                ttl,
                100,
                recheckAfter,
                metrics,
                breaker);
    }

    private void issues(String jwt, long expiresInSeconds, int delayMillis) {
        identity.stubFor(post(urlPathEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withFixedDelay(delayMillis)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + jwt + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                                + expiresInSeconds + "}")));
    }

    private static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }

    @Test
    void concurrentRequestsWithTheSameTokenShareOneExchange() {
        issues("jwt-1", 300, 300);
        IdentityPropagation propagation = propagation(Duration.ofSeconds(60));

        List<Resolution> resolved = Flux.fromStream(IntStream.range(0, 20).boxed())
                .flatMap(i -> propagation.resolve(CATALOG, bearer("session-a")), 20)
                .collectList()
                .block(Duration.ofSeconds(10));

        assertThat(resolved).hasSize(20).allSatisfy(r -> assertThat(r).isEqualTo(new Resolution.Forward("jwt-1")));
        identity.verify(1, postRequestedFor(urlPathEqualTo("/oauth2/token")));
        assertThat(metrics.identityResolutions(IdentityResult.RESOLVED)).isEqualTo(1);
        assertThat(metrics.identityResolutions(IdentityResult.CACHED))
                .as("the others waited for the one exchange")
                .isEqualTo(19);
    }

    @Test
    void aJwtIsExchangedAgainOnceHalfItsLifetimeHasPassedEvenWithinTheTtl() throws InterruptedException {
        issues("short-lived", 2, 0);
        IdentityPropagation propagation = propagation(Duration.ofSeconds(60));

        propagation.resolve(CATALOG, bearer("session-b")).block(Duration.ofSeconds(5));
        propagation.resolve(CATALOG, bearer("session-b")).block(Duration.ofSeconds(5));
        identity.verify(1, postRequestedFor(urlPathEqualTo("/oauth2/token")));
        Thread.sleep(1_300);
        propagation.resolve(CATALOG, bearer("session-b")).block(Duration.ofSeconds(5));

        identity.verify(2, postRequestedFor(urlPathEqualTo("/oauth2/token")));
    }

    @Test
    void aSessionTheIdentityServiceDoesNotKnowYetIsAskedAboutOnceMoreAndItsFirstRequestGetsTheJwt() {
        // A login at the monolith a moment ago: the identity stream has not brought the session yet.
        identity.stubFor(post(urlPathEqualTo("/oauth2/token"))
                .inScenario("stream")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(invalidGrant())
                .willSetStateTo("arrived"));
        identity.stubFor(post(urlPathEqualTo("/oauth2/token"))
                .inScenario("stream")
                .whenScenarioStateIs("arrived")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"jwt-fresh\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
        IdentityPropagation propagation = propagation(Duration.ofSeconds(60), Duration.ofMillis(300));

        assertThat(propagation.resolve(CATALOG, bearer("fresh-session")).block(Duration.ofSeconds(5)))
                .isEqualTo(new Resolution.Forward("jwt-fresh"));
        identity.verify(2, postRequestedFor(urlPathEqualTo("/oauth2/token")));
    }

    @Test
    void aTokenRefusedAgainWithinTheTtlIsAnsweredWithoutTheSecondLook() {
        identity.stubFor(post(urlPathEqualTo("/oauth2/token")).willReturn(invalidGrant()));
        IdentityPropagation propagation = propagation(Duration.ofSeconds(60), Duration.ofMillis(300));

        assertThat(propagation.resolve(CATALOG, bearer("dead-session")).block(Duration.ofSeconds(5)))
                .isEqualTo(Resolution.Forward.refused());
        identity.verify(2, postRequestedFor(urlPathEqualTo("/oauth2/token")));
        assertThat(propagation.resolve(CATALOG, bearer("dead-session")).block(Duration.ofSeconds(5)))
                .isEqualTo(Resolution.Forward.refused());

        // Asked once more (a logout elsewhere, say, is seen at once), but with no second look after a wait.
        identity.verify(3, postRequestedFor(urlPathEqualTo("/oauth2/token")));
    }

    @Test
    void anIdentityServiceThatKeepsFailingIsNoLongerAskedForAWhileAndItsCallersAreAnswered503AtOnce()
            throws InterruptedException {
        identity.stubFor(
                post(urlPathEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(500)));
        IdentityPropagation propagation = propagation(Duration.ofSeconds(60), Duration.ZERO, breaker());

        for (int i = 0; i < 4; i++) {
            assertThat(propagation.resolve(CATALOG, bearer("session-" + i)).block(Duration.ofSeconds(5)))
                    .isInstanceOf(Resolution.Unavailable.class);
        }
        identity.verify(4, postRequestedFor(urlPathEqualTo("/oauth2/token")));

        Resolution whileOpen = propagation.resolve(CATALOG, bearer("session-9")).block(Duration.ofSeconds(5));
        assertThat(whileOpen).isInstanceOf(Resolution.Unavailable.class);
        assertThat(((Resolution.Unavailable) whileOpen).why()).contains("circuit breaker", "not asked");
        identity.verify(4, postRequestedFor(urlPathEqualTo("/oauth2/token")));

        issues("jwt-back", 300, 0);
        Thread.sleep(1_200); // the breaker lets a few calls through again
        assertThat(propagation.resolve(CATALOG, bearer("session-10")).block(Duration.ofSeconds(5)))
                .isEqualTo(new Resolution.Forward("jwt-back"));
    }

    @Test
    void refusedTokensNeverOpenTheBreaker() {
        identity.stubFor(post(urlPathEqualTo("/oauth2/token")).willReturn(invalidGrant()));
        IdentityPropagation propagation = propagation(Duration.ofSeconds(60), Duration.ZERO, breaker());

        for (int i = 0; i < 8; i++) {
            assertThat(propagation.resolve(CATALOG, bearer("stale-" + i)).block(Duration.ofSeconds(5)))
                    .isEqualTo(Resolution.Forward.refused());
        }
        identity.verify(8, postRequestedFor(urlPathEqualTo("/oauth2/token")));
    }

    private static ResponseDefinitionBuilder invalidGrant() {
        return aResponse()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\"}");
    }

    @Test
    void entriesMadeTogetherExpireSpreadOverTheLastFifthOfTheirLifeNeverLater() {
        Duration ttl = Duration.ofSeconds(60);
        List<Duration> lives = IntStream.range(0, 1_000)
                .mapToObj(i -> IdentityPropagation.spread(ttl))
                .toList();

        assertThat(lives).allSatisfy(life -> assertThat(life).isBetween(Duration.ofSeconds(48), ttl));
        assertThat(lives.stream().distinct().count())
                .as("not one moment for all of them")
                .isGreaterThan(900);
    }

    @Test
    void aHeaderThatIsNoBearerTokenIsDroppedAndAsksNothing() {
        IdentityPropagation propagation = propagation(Duration.ofSeconds(60));
        HttpHeaders basic = new HttpHeaders();
        basic.setBasicAuth("user", "password");

        assertThat(propagation.resolve(CATALOG, basic).block()).isEqualTo(new Resolution.Forward(null));
        assertThat(new Resolution.Forward(null).headers(basic).containsHeader(HttpHeaders.AUTHORIZATION))
                .isFalse();
        identity.verify(0, postRequestedFor(urlPathEqualTo("/oauth2/token")));
    }

    @Test
    void aServiceThatAsksForAJwtGetsNothingWhenPropagationIsNotConfigured() {
        Resolution r = IdentityPropagation.notConfigured(metrics)
                .resolve(CATALOG, bearer("session-c"))
                .block();

        assertThat(r).isInstanceOf(Resolution.Unavailable.class);
        assertThat(((Resolution.Unavailable) r).why()).contains("strangler.identity.token-uri");
    }
}
