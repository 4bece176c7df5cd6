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
 *
 * <p>The other way round, for the monolith's own routes: a caller whose last write went to a service (a login at an
 * identity service that took over the sessions) and who calls the monolith at once may be unknown there until the
 * reverse stream has brought the write. A request the monolith answers 401 for a caller pinned to a service is
 * therefore sent again every {@code recheckUnauthorized} while the pin lasts ({@link #recheckAtMonolith}): an
 * authentication failure means the monolith did nothing with it. Zero: never.
 */
public final class ReadYourWrites {

    /** Off: no route file asked for it. */
    public static final ReadYourWrites OFF = new ReadYourWrites(Duration.ZERO, List.of());

    private final Duration window;
    private final List<StickBy> keys;
    /** The routes whose writes pin; null: every route's. */
    private final Set<String> writesOf;

    private final boolean monolithWrites;
    private final Duration recheckUnauthorized;

    /** What {@code recheck-unauthorized} is when a route file does not say. */
    public static final Duration DEFAULT_RECHECK_UNAUTHORIZED = Duration.ofMillis(250);

    /** Every write pins. */
    public ReadYourWrites(Duration window, List<StickBy> keys) {
        this(window, keys, null, true, DEFAULT_RECHECK_UNAUTHORIZED);
    }

    public ReadYourWrites(
            Duration window,
            List<StickBy> keys,
            Set<String> writesOf,
            boolean monolithWrites,
            Duration recheckUnauthorized) {
        this.window = window;
        this.keys = List.copyOf(keys);
        this.writesOf = writesOf == null ? null : Set.copyOf(writesOf);
        this.monolithWrites = monolithWrites;
        this.recheckUnauthorized = recheckUnauthorized;
    }

    /** How often a request the monolith refused (401) for a caller pinned to a service is sent again; zero: never. */
    public Duration recheckUnauthorized() {
        return recheckUnauthorized;
    }

    /**
     * The pin a request so decided is sent again by when the monolith answers it 401 ({@code pin}: the caller's, null
     * when not pinned): the caller's live pin to a service, when the request goes to the monolith as its answer (not a
     * shadow's, not the kill switch's); null otherwise.
     */
    public Pin recheckAtMonolith(RoutingDecision decision, Pin pin) {
        if (pin == null
                || !on()
                || recheckUnauthorized.isZero()
                || pin.target() != Target.SERVICE
                || decision.target() != Target.MONOLITH
                || decision.shadow()
                || decision.why() == DecisionReason.KILL_SWITCH) {
            return null;
        }
        return pin;
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
