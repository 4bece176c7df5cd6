package dev.strangler.gateway.api;

import java.util.List;

/**
 * {@code POST /admin/cutovers/{name}/steps}: the step as recorded, then what its action did: the routes as
 * they are after a flip, the holds released by a release (a route that was not held has none).
 */
public record CutoverStepTaken(CutoverRecord record, List<RouteView> routes, List<HoldReleased> released) {

    public CutoverStepTaken {
        routes = routes == null ? List.of() : List.copyOf(routes);
        released = released == null ? List.of() : List.copyOf(released);
    }
}
