package dev.strangler.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpMethod;

/**
 * Read-your-writes across the two sides. While a route's reads go (partly) to a service whose data is
 * replicated from the monolith, or the other way round, a caller who has just written on one side
 * could read the other side before the change has arrived there, and see its own write missing. So a
 * write pins its caller (identified by the first of {@code keys} the request carries) to the side that
 * served it for {@code window}: the caller's reads of routes that side can serve go there meanwhile.
 * Set the window above the replication lag's worst case; a caller without a key is not pinned.
 */
public final class ReadYourWrites {

    /** Off: no route file asked for it. */
    public static final ReadYourWrites OFF = new ReadYourWrites(Duration.ZERO, List.of());

    /** More pinned callers than this and the expired ones are swept; a sweep that frees nothing unpins everyone. */
    static final int MAX_PINS = 100_000;

    private record Pin(Target target, String service, long expiresAtNanos) {
    }

    private final Duration window;
    private final List<StickBy> keys;
    private final Map<String, Pin> pins = new ConcurrentHashMap<>();

    public ReadYourWrites(Duration window, List<StickBy> keys) {
        this.window = window;
        this.keys = List.copyOf(keys);
    }

    public boolean on() {
        return !window.isZero() && !keys.isEmpty();
    }

    public Duration window() {
        return window;
    }

    public List<StickBy> keys() {
        return keys;
    }

    /**
     * Records a write (pins its caller to the side that serves it) or adjusts a read (to the side the
     * caller is pinned to, when the route can be served there in its current mode).
     */
    public RoutingDecision apply(RoutingDecision decision, HttpMethod method, RequestFacts request, LiveState state) {
        if (!on() || decision.shadow() || "kill-switch".equals(decision.reason())) {
            return decision;
        }
        String key = key(request);
        if (key == null) {
            return decision;
        }
        boolean safe = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method);
        long now = System.nanoTime();
        if (!safe) {
            String service = decision.target() == Target.SERVICE ? decision.route().service() : null;
            if (pins.size() >= MAX_PINS) {
                sweep(now);
            }
            pins.put(key, new Pin(decision.target(), service, now + window.toNanos()));
            return decision;
        }
        Pin pin = pins.get(key);
        if (pin == null || decision.route() == null || pin.expiresAtNanos() - now < 0) {
            return decision;
        }
        StrangledRoute route = decision.route();
        if (pin.target() == Target.MONOLITH && decision.target() == Target.SERVICE) {
            return new RoutingDecision(route, Target.MONOLITH, false, "read-your-writes");
        }
        Mode mode = state.modeOf(route);
        if (pin.target() == Target.SERVICE && decision.target() == Target.MONOLITH && pin.service().equals(route.service())
                && (mode == Mode.CANARY || mode == Mode.SERVICE)) {
            return new RoutingDecision(route, Target.SERVICE, false, "read-your-writes");
        }
        return decision;
    }

    private String key(RequestFacts request) {
        for (StickBy k : keys) {
            String value = k.extract(request);
            if (value != null && !value.isBlank()) {
                return k + "=" + value;
            }
        }
        return null;
    }

    private void sweep(long now) {
        pins.values().removeIf(p -> p.expiresAtNanos() - now < 0);
        if (pins.size() >= MAX_PINS) {
            pins.clear();
        }
    }
}
