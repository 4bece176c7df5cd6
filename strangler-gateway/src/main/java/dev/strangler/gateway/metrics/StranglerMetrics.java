package dev.strangler.gateway.metrics;

import dev.strangler.gateway.live.LiveRoutes;
import dev.strangler.gateway.live.Pins;
import dev.strangler.gateway.routing.DecisionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own meters (Prometheus names in brackets):
 * <ul>
 * <li>{@code strangler.requests} [strangler_requests_seconds]: route, target that served, outcome (2xx..5xx, error), reason</li>
 * <li>{@code strangler.fallbacks}: route, service, cause (timeout, connect, 5xx, breaker-open)</li>
 * <li>{@code strangler.shadow.results}: route, result (match, mismatch, dropped, error, skipped)</li>
 * <li>{@code strangler.holds} [strangler_holds_seconds]: route; how long each request waited in a hold (write cutover)</li>
 * <li>{@code strangler.route.table.version}, {@code strangler.route.table.last.reload.accepted} (1 or 0),
 * {@code strangler.route.table.reloads}: result</li>
 * <li>{@code strangler.read.your.writes.pins}: callers pinned now by read-your-writes (at most {@link Pins#MAX_PINS})</li>
 * <li>{@code strangler.identity.resolutions} [strangler_identity_resolutions_total]: result (cached, resolved,
 * rejected, error); one per service-bound request that carried a bearer token to exchange</li>
 * <li>{@code strangler.identity.exchanges} [strangler_identity_exchanges_seconds]: result (resolved, rejected,
 * error); the gateway's own calls to the identity service's token endpoint and their latency</li>
 * </ul>
 * Circuit-breaker state comes from Resilience4j's own meters ({@code resilience4j.circuitbreaker.state}).
 */
public final class StranglerMetrics {

    private final MeterRegistry registry;
    /** Meters by their tags: looking a meter up in the registry on every request costs more than recording to it. */
    private final ConcurrentHashMap<RequestKey, Timer> timers = new ConcurrentHashMap<>();

    private record RequestKey(String route, String target, String outcome, DecisionReason reason) {}

    public StranglerMetrics(MeterRegistry registry, LiveRoutes routes, Pins pins) {
        this.registry = registry;
        registry.gauge("strangler.read.your.writes.pins", pins, Pins::size);
        registry.gauge("strangler.route.table.version", routes, r -> r.current().version());
        registry.gauge(
                "strangler.route.table.last.reload.accepted",
                routes,
                r -> r.lastReload().accepted() ? 1 : 0);
    }

    public void request(String route, String target, String outcome, DecisionReason reason, long nanos) {
        timers.computeIfAbsent(
                        new RequestKey(route, target, outcome, reason),
                        k -> Timer.builder("strangler.requests")
                                .tag("route", k.route())
                                .tag("target", k.target())
                                .tag("outcome", k.outcome())
                                .tag("reason", k.reason().tag())
                                .publishPercentileHistogram()
                                .maximumExpectedValue(Duration.ofSeconds(30))
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void held(String route, long nanos) {
        Timer.builder("strangler.holds")
                .tag("route", route)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void fallback(String route, String service, FallbackCause cause) {
        Counter.builder("strangler.fallbacks")
                .tag("route", route)
                .tag("service", service)
                .tag("cause", cause.tag())
                .register(registry)
                .increment();
    }

    /**
     * One request of a caller pinned to a service sent to the monolith again, after the monolith did not know the
     * caller (401): its write, a new session, had not reached the monolith yet.
     */
    public void recheck(String route) {
        Counter.builder("strangler.unauthorized.rechecks")
                .tag("route", route)
                .register(registry)
                .increment();
    }

    public void shadow(String route, ShadowResult result) {
        Counter.builder("strangler.shadow.results")
                .tag("route", route)
                .tag("result", result.tag())
                .register(registry)
                .increment();
    }

    /** One service-bound request's identity, resolved (from the cache or not) or refused. */
    public void identityResolution(IdentityResult result) {
        Counter.builder("strangler.identity.resolutions")
                .tag("result", result.tag())
                .register(registry)
                .increment();
    }

    /** One call of the gateway to the identity service's token endpoint, and how long it took. */
    public void identityExchange(IdentityResult result, long nanos) {
        Timer.builder("strangler.identity.exchanges")
                .tag("result", result.tag())
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** How many service-bound requests' identities were resolved with this result, for tests and the admin API. */
    public long identityResolutions(IdentityResult result) {
        return (long) registry.find("strangler.identity.resolutions").tag("result", result.tag()).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    public void reload(boolean accepted) {
        Counter.builder("strangler.route.table.reloads")
                .tag("result", accepted ? "accepted" : "rejected")
                .register(registry)
                .increment();
    }

    /** The number of requests a route served per target, and its shadow results, for the admin API. */
    public long requests(String route, String target) {
        return registry.find("strangler.requests").tag("route", route).tag("target", target).timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }

    public long shadowResults(String route, String result) {
        return (long)
                registry.find("strangler.shadow.results").tag("route", route).tag("result", result).counters().stream()
                        .mapToDouble(Counter::count)
                        .sum();
    }

    public long fallbacks(String route) {
        return (long) registry.find("strangler.fallbacks").tag("route", route).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
