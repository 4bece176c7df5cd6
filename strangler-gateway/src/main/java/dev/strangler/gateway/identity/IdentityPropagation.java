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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 */
public final class IdentityPropagation {

    private static final Logger log = LoggerFactory.getLogger(IdentityPropagation.class);
    private static final String BEARER = "Bearer ";

    private final TokenExchange exchange;
    private final AsyncCache<String, Outcome> cache;
    /** Keys of the tokens refused within the TTL: not waited for again ({@code recheckAfter}). */
    private final Cache<String, Boolean> refused;

    private final Duration recheckAfter;
    private final StranglerMetrics metrics;

    /**
     * @param exchange the token endpoint; null when identity propagation is not configured (then a
     *                 {@code credential: jwt} service gets nothing: {@link Resolution.Unavailable})
     */
    public IdentityPropagation(
            TokenExchange exchange, Duration ttl, int maxSize, Duration recheckAfter, StranglerMetrics metrics) {
        this.exchange = exchange;
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
        return new IdentityPropagation(null, Duration.ofSeconds(1), 1, Duration.ZERO, metrics);
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
        CompletableFuture<Outcome> outcome = cache.get(Pin.callerOf(token), (key, executor) -> {
            asked.set(true);
            return timedExchange(token, key);
        });
        // Cancelling one request must not cancel the exchange other requests with the same token wait for.
        return Mono.fromFuture(outcome, true).map(o -> {
            if (o.jwt() != null) {
                metrics.identityResolution(asked.get() ? IdentityResult.RESOLVED : IdentityResult.CACHED);
                return new Resolution.Forward(o.jwt().jwt());
            }
            if (o.failure() instanceof TokenExchange.Refused) {
                metrics.identityResolution(IdentityResult.REJECTED);
                return Resolution.Forward.refused();
            }
            metrics.identityResolution(IdentityResult.ERROR);
            return new Resolution.Unavailable(
                    "the identity service " + o.failure().getMessage());
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
        return exchange.exchange(token)
                .onErrorResume(TokenExchange.Refused.class, e -> {
                    if (recheckAfter.isZero() || refused.getIfPresent(key) != null) {
                        return Mono.error(e);
                    }
                    // Perhaps a session the identity stream has not brought yet: one more look, a moment later.
                    return Mono.delay(recheckAfter).then(exchange.exchange(token));
                })
                .map(jwt -> {
                    metrics.identityExchange(IdentityResult.RESOLVED, System.nanoTime() - start);
                    return new Outcome(jwt, null);
                })
                .onErrorResume(e -> {
                    boolean refusal = e instanceof TokenExchange.Refused;
                    metrics.identityExchange(
                            refusal ? IdentityResult.REJECTED : IdentityResult.ERROR, System.nanoTime() - start);
                    if (refusal) {
                        refused.put(key, Boolean.TRUE);
                    } else {
                        log.warn("token exchange failed: the identity service {}", e.getMessage());
                    }
                    return Mono.just(new Outcome(null, e));
                })
                .toFuture();
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
