package dev.strangler.gateway.identity;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.strangler.gateway.metrics.IdentityResult;
import dev.strangler.gateway.metrics.StranglerMetrics;
import dev.strangler.gateway.routing.Credential;
import dev.strangler.gateway.routing.Pin;
import dev.strangler.gateway.routing.ServiceEndpoint;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * Resolves what a service-bound request carries in {@code Authorization}, for every path that sends to a service
 * (the target filter, the shadow copy). For a service with {@code credential: jwt}, whatever bearer token the app
 * sent is taken as a session token and exchanged for a JWT ({@link TokenExchange}); a JWT the app sent itself is
 * therefore exchanged like any token and refused, and never reaches a service: a refused token goes on as a
 * credential that fails there ({@link Resolution.Forward#REFUSED}), so each endpoint of the service answers it as
 * the monolith's answers a stale token.
 *
 * <p>Exchanged JWTs are kept in a bounded cache keyed by the SHA-256 of the session token (the token itself is
 * never a key, a log word or a metric tag), for {@code cache-ttl} but at most half the JWT's own lifetime: a
 * logout or an expired session is seen within the TTL, and a cached JWT always has time left; each entry lives a
 * random part of the last fifth of that, so that entries made together are not exchanged again together. Concurrent requests
 * with the same token share one exchange. Refusals and failures are shared by the requests that waited for that
 * exchange, then dropped: the next request asks again.
 *
 * <p>A token refused for the first time (not refused within {@code cache-ttl} before) is asked about once more after
 * {@code recheck-after}: until the identity write cutover the identity service's sessions are a copy the identity
 * stream feeds, and a login at the monolith a moment ago may not have reached it yet. Without the second look,
 * the first calls after a login would reach the services as a stale token's. A token refused again within the TTL
 * is not waited for: an app that keeps sending a dead token gets its answers at once.
 *
 * <p>The exchanges go through a circuit breaker (the services' breaker settings, {@code strangler.breaker}): when the
 * identity service keeps failing (errors, timeouts) the breaker opens and service-bound requests with a token are
 * answered 503 at once for a while, instead of each waiting for its own failed exchange and adding to the load of
 * an identity service that is struggling. A refusal is an answer, not a failure: it never opens the breaker.
 */
public final class IdentityPropagation {

    private static final Logger log = LoggerFactory.getLogger(IdentityPropagation.class);
    private static final String BEARER = "Bearer ";

    /** The circuit breaker of the token exchanges, by its id (not a service's name a route file could use). */
    public static final String BREAKER = "strangler-token-exchange";

    private final TokenExchange exchange;
    private final AsyncCache<String, Outcome> cache;
    /** Keys of the tokens refused within the TTL: not waited for again ({@code recheckAfter}). */
    private final Cache<String, Boolean> refused;

    private final Duration recheckAfter;
    private final StranglerMetrics metrics;
    /** Around every exchange; null: none (propagation not configured). */
    private final ReactiveCircuitBreaker breaker;

    /**
     * @param exchange the token endpoint; null when identity propagation is not configured (then a
     *                 {@code credential: jwt} service gets nothing: {@link Resolution.Unavailable})
     */
    public IdentityPropagation(
            TokenExchange exchange,
            Duration ttl,
            int maxSize,
            Duration recheckAfter,
            StranglerMetrics metrics,
            ReactiveCircuitBreaker breaker) {
        this.exchange = exchange;
        this.breaker = breaker;
        this.recheckAfter = recheckAfter;
        this.metrics = metrics;
        this.refused =
                Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).build();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(Expiry.<String, Outcome>creating((key, outcome) -> {
                    if (outcome.jwt() == null) {
                        return Duration.ZERO; // shared by the requests that waited for it, then gone
                    }
                    Duration half = outcome.jwt().expiresIn().dividedBy(2);
                    return spread(half.compareTo(ttl) < 0 ? half : ttl);
                }))
                .buildAsync();
    }

    /**
     * An entry's life: somewhere in the last fifth of {@code max}, at random. Entries made together (every active
     * session right after a gateway starts) would otherwise expire together, and every request of that moment would
     * wait for its own exchange, again each TTL; the bound ({@code max}) holds all the same.
     */
    static Duration spread(Duration max) {
        long nanos = max.toNanos();
        return Duration.ofNanos(nanos - ThreadLocalRandom.current().nextLong(nanos / 5 + 1));
    }

    /** Identity propagation that is not configured: services that ask for a JWT get no request. */
    public static IdentityPropagation notConfigured(StranglerMetrics metrics) {
        return new IdentityPropagation(null, Duration.ofSeconds(1), 1, Duration.ZERO, metrics, null);
    }

    public boolean configured() {
        return exchange != null;
    }

    /** What {@code service} gets in {@code Authorization} for a request with the app's {@code incoming} headers. */
    public Mono<Resolution> resolve(ServiceEndpoint service, HttpHeaders incoming) {
        if (service.credential() == Credential.AS_SENT) {
            return Mono.just(new Resolution.AsSent());
        }
        String token = bearerToken(incoming.getFirst(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            // No bearer token (a public endpoint, or a header the monolith would not take either): the service
            // gets no Authorization header, and answers a protected endpoint as the monolith does without one.
            return Mono.just(new Resolution.Forward(null));
        }
        if (exchange == null) {
            metrics.identityResolution(IdentityResult.ERROR);
            return Mono.just(new Resolution.Unavailable("service " + service.name()
                    + " declares 'credential: jwt' but identity propagation is not configured"
                    + " (strangler.identity.token-uri)"));
        }
        AtomicBoolean asked = new AtomicBoolean();
        String key = Pin.callerOf(token);
        CompletableFuture<Outcome> outcome = cache.get(key, (k, executor) -> {
            asked.set(true);
            return timedExchange(token, k);
        });
        // Cancelling one request must not cancel the exchange other requests with the same token wait for.
        return Mono.fromFuture(outcome, true).map(o -> {
            if (o.jwt() != null) {
                metrics.identityResolution(asked.get() ? IdentityResult.RESOLVED : IdentityResult.CACHED);
                return new Resolution.Forward(o.jwt().jwt());
            }
            // Gone before this request is answered: the cache's own expiry of a failure (zero) is set by a callback
            // of the future that may run after this one, and a request right after would share this answer.
            cache.asMap().remove(key, outcome);
            if (o.failure() instanceof TokenExchange.Refused) {
                metrics.identityResolution(IdentityResult.REJECTED);
                return Resolution.Forward.refused();
            }
            metrics.identityResolution(IdentityResult.ERROR);
            return new Resolution.Unavailable(
                    o.failure() instanceof CallNotPermittedException
                            ? "the identity service failed too often lately (circuit breaker " + BREAKER
                                    + " open): not asked"
                            : "the identity service " + o.failure().getMessage());
        });
    }

    /**
     * What one exchange gave: a JWT, or the failure. A failure is a value too (not a failed future), so that the
     * requests waiting for the same exchange share it and the cache drops it at once, without logging it as a
     * loader's exception.
     */
    private record Outcome(TokenExchange.Exchanged jwt, Throwable failure) {}

    private CompletableFuture<Outcome> timedExchange(String token, String key) {
        long start = System.nanoTime();
        return ask(token)
                .flatMap(first -> {
                    if (!(first.failure() instanceof TokenExchange.Refused)
                            || recheckAfter.isZero()
                            || refused.getIfPresent(key) != null) {
                        return Mono.just(first);
                    }
                    // Perhaps a session the identity stream has not brought yet: one more look, a moment later.
                    return Mono.delay(recheckAfter).then(ask(token));
                })
                .flatMap(o -> {
                    if (o.jwt() == null) {
                        return Mono.<Outcome>error(o.failure());
                    }
                    metrics.identityExchange(IdentityResult.RESOLVED, System.nanoTime() - start);
                    return Mono.just(o);
                })
                .onErrorResume(e -> {
                    boolean refusal = e instanceof TokenExchange.Refused;
                    metrics.identityExchange(
                            refusal ? IdentityResult.REJECTED : IdentityResult.ERROR, System.nanoTime() - start);
                    if (refusal) {
                        refused.put(key, Boolean.TRUE);
                    } else if (!(e instanceof CallNotPermittedException)) { // the breaker logs its opening once
                        log.warn("token exchange failed: the identity service {}", e.getMessage());
                    }
                    return Mono.just(new Outcome(null, e));
                })
                .toFuture();
    }

    /**
     * One exchange through the breaker, as a value: the JWT, or the refusal (which the breaker counts as an answer),
     * or the failure (counted; {@code CallNotPermittedException} while the breaker is open, nothing asked).
     */
    private Mono<Outcome> ask(String token) {
        Mono<Outcome> asked = exchange.exchange(token)
                .map(jwt -> new Outcome(jwt, null))
                .onErrorResume(TokenExchange.Refused.class, e -> Mono.just(new Outcome(null, e)));
        return breaker == null
                ? asked.onErrorResume(e -> Mono.just(new Outcome(null, e)))
                : breaker.run(asked, e -> Mono.just(new Outcome(null, e)));
    }

    /** The monolith's parsing of {@code Authorization}: {@code Bearer <token>}, case-insensitive, trimmed. */
    static String bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
