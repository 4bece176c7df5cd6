package dev.strangler.gateway.routing;

import java.util.Map;

/**
 * Everything a routing decision reads, as one immutable snapshot: the table from the file, the admin
 * overrides on top of it, and the kill switch. The live state ({@code LiveRoutes} in the {@code live}
 * package) holds the current one and swaps it atomically on every change.
 */
public record LiveState(RouteTable table, long version, Map<String, RouteOverride> overrides, boolean killSwitch) {

    public LiveState {
        overrides = Map.copyOf(overrides);
    }

    public Mode modeOf(StrangledRoute route) {
        RouteOverride o = overrides.get(route.id());
        return o != null ? o.mode() : route.mode();
    }

    public int percentOf(StrangledRoute route) {
        RouteOverride o = overrides.get(route.id());
        return o != null ? o.percentBasisPoints() : route.percentBasisPoints();
    }
}
