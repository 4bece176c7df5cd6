package dev.strangler.playbook.route;

import dev.strangler.gateway.api.RouteView;
import java.util.Objects;

/**
 * A route's mode as the gateway's admin API spells it ({@link RouteView#mode()}, the mode of a
 * {@code ModeChange}): the playbook's one name for it. The gateway decides which modes exist; a mode not
 * named here still passes through ({@code route set --mode}), and the gateway's answer says what is wrong
 * with it, as before there was this type.
 *
 * @param wire the mode as the admin API writes it, e.g. {@code canary}
 */
public record RouteMode(String wire) {

    /** Every request to the monolith. */
    public static final RouteMode MONOLITH = new RouteMode("monolith");

    /** The monolith answers; the service gets a copy of each read, and the answers are compared. */
    public static final RouteMode SHADOW = new RouteMode("shadow");

    /** A share of callers (the route's percent) to the service, the rest to the monolith. */
    public static final RouteMode CANARY = new RouteMode("canary");

    /** Every request to the service. */
    public static final RouteMode SERVICE = new RouteMode("service");

    public RouteMode {
        Objects.requireNonNull(wire, "wire");
    }

    /** The mode a route is served in now. */
    public static RouteMode of(RouteView route) {
        return new RouteMode(route.mode());
    }

    /** The mode as the admin API writes it: also how messages name it ("served by the service"). */
    @Override
    public String toString() {
        return wire;
    }
}
