package dev.strangler.gateway.api;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /admin/cutovers/{name}/steps}: the step as recorded, then what its action did: the routes as
 * they are after a flip, the holds released by a release (a route that was not held has none); and how long
 * the gateway took, part by part, in milliseconds ({@link #TOOK_PARTS}, in order), empty from a gateway
 * that does not say.
 */
public record CutoverStepTaken(
        CutoverRecord record, List<RouteView> routes, List<HoldReleased> released, Map<String, Long> tookMillis) {

    /**
     * The parts of the gateway's time: recording the step, flipping the routes, recording the release and
     * releasing, telling the other replicas, and all of it (from the call's start in the gateway to its answer).
     */
    public static final List<String> TOOK_PARTS = List.of("record", "flip", "release", "tell", "total");

    public CutoverStepTaken {
        routes = routes == null ? List.of() : List.copyOf(routes);
        released = released == null ? List.of() : List.copyOf(released);
        tookMillis = tookMillis == null ? Map.of() : Map.copyOf(tookMillis);
    }

    public CutoverStepTaken(CutoverRecord record, List<RouteView> routes, List<HoldReleased> released) {
        this(record, routes, released, Map.of());
    }
}
