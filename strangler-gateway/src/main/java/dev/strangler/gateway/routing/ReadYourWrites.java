package dev.strangler.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * Read-your-writes across the two sides. While a route's reads go (partly) to a service whose data is
 * replicated from the monolith, or the other way round, a caller who has just written on one side
 * could read the other side before the change has arrived there, and see its own write missing. So a
 * write pins its caller (identified by the first of {@code keys} the request carries) to the side that
 * served it for {@code window}: the caller's reads of routes that side can serve go there meanwhile.
 * Set the window above the replication lag's worst case; a caller without a key is not pinned. The
 * window runs from the write's end (its response), and the pins themselves, which change with every write, are kept in the live state (the {@code live} package).
 *
 * <p>Which writes pin: those of the routes in {@code writesOf} (null: of every route), and, when
 * {@code monolithWrites}, any other write the monolith serves, including writes no route takes. Every
 * pin costs memory (and, across replicas, a database round trip), so a file can keep the pins to the
 * writes whose data a strangled read may show; the default pins every write, which is always safe.
 */
public final class ReadYourWrites {

    /** Off: no route file asked for it. */
    public static final ReadYourWrites OFF = new ReadYourWrites(Duration.ZERO, List.of());

    private final Duration window;
    private final List<StickBy> keys;
    /** The routes whose writes pin; null: every route's. */
    private final Set<String> writesOf;

    private final boolean monolithWrites;

    /** Every write pins. */
    public ReadYourWrites(Duration window, List<StickBy> keys) {
        this(window, keys, null, true);
    }

    public ReadYourWrites(Duration window, List<StickBy> keys, Set<String> writesOf, boolean monolithWrites) {
        this.window = window;
        this.keys = List.copyOf(keys);
        this.writesOf = writesOf == null ? null : Set.copyOf(writesOf);
        this.monolithWrites = monolithWrites;
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

    /** The caller a request is pinned as ({@link Pin#callerOf} its first key), or null: off, or no key. */
    public String callerOf(RequestFacts request) {
        if (!on()) {
            return null;
        }
        for (StickBy k : keys) {
            String value = k.extract(request);
            if (value != null && !value.isBlank()) {
                return Pin.callerOf(k + "=" + value);
            }
        }
        return null;
    }

    /** Whether a request so decided is a write that pins its caller to the side that serves it. */
    public boolean pins(RoutingDecision decision, HttpMethod method) {
        if (!on() || safe(method) || decision.shadow() || decision.why() == DecisionReason.KILL_SWITCH) {
            return false;
        }
        StrangledRoute route = decision.route();
        if (route != null && (writesOf == null || writesOf.contains(route.id()))) {
            return true;
        }
        return monolithWrites && decision.target() == Target.MONOLITH;
    }

    /**
     * A read adjusted to the side its caller is pinned to ({@code pin}, null: not pinned), when the route
     * can be served there in its current mode; anything else as decided.
     */
    public RoutingDecision read(RoutingDecision decision, HttpMethod method, Pin pin, LiveState state) {
        if (pin == null
                || !on()
                || !safe(method)
                || decision.shadow()
                || decision.route() == null
                || decision.why() == DecisionReason.KILL_SWITCH) {
            return decision;
        }
        StrangledRoute route = decision.route();
        if (pin.target() == Target.MONOLITH && decision.target() == Target.SERVICE) {
            return new RoutingDecision(route, Target.MONOLITH, false, DecisionReason.READ_YOUR_WRITES);
        }
        Mode mode = state.modeOf(route);
        if (pin.target() == Target.SERVICE
                && decision.target() == Target.MONOLITH
                && route.service().equals(pin.service())
                && (mode == Mode.CANARY || mode == Mode.SERVICE)) {
            return new RoutingDecision(route, Target.SERVICE, false, DecisionReason.READ_YOUR_WRITES);
        }
        return decision;
    }

    private static boolean safe(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method);
    }
}
