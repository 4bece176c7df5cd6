package dev.strangler.gateway.hold;

import dev.strangler.gateway.api.HoldGranted;
import dev.strangler.gateway.api.HoldReleased;
import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Holds and releases routes for the admin API: on this gateway alone ({@link RouteHolds}), or on every
 * replica that shares the state, where a hold is granted only once every live replica holds and has
 * drained.
 */
public interface HoldCoordinator {

    /**
     * Holds the route and completes once the requests admitted before have finished everywhere; empty
     * when it is held already; fails with {@link RouteHolds.DrainTimedOut} (the hold withdrawn) when
     * they do not finish within {@code quiet} plus {@code drainLimit}. For at most {@code quiet} the gate
     * stays open and closes at the first moment with none of the route's requests in flight; once it is
     * closed, requests wait at most {@code limit}.
     */
    Mono<HoldGranted> hold(
            String routeId, Duration limit, Duration drainLimit, Duration quiet, String who, String reason);

    /** As above, waiting for a quiet moment for {@link RouteHolds#quietBudget} of the limits. */
    default Mono<HoldGranted> hold(String routeId, Duration limit, Duration drainLimit, String who, String reason) {
        return hold(routeId, limit, drainLimit, RouteHolds.quietBudget(limit, drainLimit), who, reason);
    }

    /** Releases the route's held requests; null when it was not held. */
    HoldReleased release(String routeId, String who, String reason);

    /**
     * Runs changes that belong together (a cutover's flip, its records and the release) so that other
     * replicas learn of them at once, at the end; each change is still made, and durable, in its order.
     * Alone, there is nobody to tell.
     */
    default <T> T noticedTogether(Supplier<T> work) {
        return work.get();
    }
}
