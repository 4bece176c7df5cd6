package dev.strangler.playbook.cutover;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanValidator;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.cdc.sync.ColumnOwnership;
import dev.strangler.cdc.sync.SyncBarrier;
import dev.strangler.playbook.route.GatewayAdmin;

/**
 * Moving the writes of a set of routes from the monolith to the service, and back, without losing or
 * doubling a write. Before the hold, the reverse stream is started inert. Then, while the gateway
 * holds the routes' requests:
 * <ol>
 * <li>the forward stream hands the columns the reverse stream writes back over to the service; the
 * hand-over marker is also a barrier: when it is applied, everything the monolith committed before is
 * in the service's database;</li>
 * <li>the reverse stream, started before the hold with all its columns handed over (so it applied
 * nothing), gets them back through a marker in its source: it applies exactly the changes committed
 * there after it, which are the service's writes;</li>
 * <li>the routes are flipped to the service; then the held requests are released, and go there.</li>
 * </ol>
 * Rollback, while the routes are held: the reverse stream hands all its columns over (a barrier:
 * every service write is in the monolith, and the stream applies nothing more), the routes flip back
 * to the monolith, the forward stream takes its columns back; release; then the reverse stream is
 * removed. If a step fails the state goes back to where it was before, and the requests are released.
 */
public final class WriteCutover {

    /** How a cutover or rollback went: the hold as the gateway measured it, and what moved. */
    public record Outcome(long heldMillis, int requestsHeld, long barrierMillis, Map<String, Set<String>> columns) {
    }

    private final GatewayAdmin gateway;
    private final CdcStreams streams;
    private final PrintWriter out;
    /** Keeps its database connections from the readiness check to the end: none is opened inside the hold. */
    private final SyncBarrier barrier = SyncBarrier.keepingConnections();

    public WriteCutover(GatewayAdmin gateway, CdcStreams streams, PrintWriter out) {
        this.gateway = gateway;
        this.streams = streams;
        this.out = out;
    }

    public Outcome cutover(String planSource, MigrationPlan.Stream forward, MigrationPlan.Stream reverse, List<String> routes,
            Duration holdLimit) {
        try {
            return cutoverHolding(planSource, forward, reverse, routes, holdLimit);
        } finally {
            barrier.close();
        }
    }

    private Outcome cutoverHolding(String planSource, MigrationPlan.Stream forward, MigrationPlan.Stream reverse, List<String> routes,
            Duration holdLimit) {
        new PlanValidator().validate(planSource, new MigrationPlan(List.of(reverse)));
        Map<String, Set<String>> columns = ColumnOwnership.takenOverBy(forward, reverse);
        Duration stepTimeout = holdLimit.dividedBy(2);
        streams.startInert(reverse);
        out.println("  reverse stream " + reverse.name() + " running, applying nothing yet");
        ready(forward, routes, stepTimeout);
        hold(routes, holdLimit, "write cutover to the service");
        long barrierMillis;
        Outcome outcome;
        try {
            SyncBarrier.Passed handedOver = barrier.handOver(forward, columns, stepTimeout);
            barrierMillis = handedOver.waited().toMillis();
            out.println("  barrier passed and columns handed over in " + barrierMillis + " ms: " + columns);
            barrier.handOverInOrder(reverse, Map.of());
            out.println("  reverse stream " + reverse.name() + " applies every service write from now on");
            for (String route : routes) {
                gateway.setMode(route, "service", null, "write cutover");
            }
            out.println("  routes " + routes + " now served by the service");
        } catch (RuntimeException e) {
            out.println("  cutover failed (" + e.getMessage() + "); putting everything back");
            undo(() -> routes.forEach(r -> gateway.setMode(r, "monolith", null, "write cutover failed: back to the monolith")));
            undo(() -> barrier.handOver(forward, Map.of(), stepTimeout));
            release(routes, "write cutover failed");
            undo(() -> streams.remove(reverse, Duration.ofSeconds(60)));
            throw e;
        }
        outcome = release(routes, "write cutover done");
        return new Outcome(outcome.heldMillis(), outcome.requestsHeld(), barrierMillis, columns);
    }

    public Outcome rollback(MigrationPlan.Stream forward, MigrationPlan.Stream reverse, List<String> routes, Duration holdLimit) {
        try {
            return rollbackHolding(forward, reverse, routes, holdLimit);
        } finally {
            barrier.close();
        }
    }

    private Outcome rollbackHolding(MigrationPlan.Stream forward, MigrationPlan.Stream reverse, List<String> routes, Duration holdLimit) {
        Duration stepTimeout = holdLimit.dividedBy(2);
        ready(reverse, routes, stepTimeout);
        hold(routes, holdLimit, "write rollback to the monolith");
        long barrierMillis;
        try {
            SyncBarrier.Passed drained = barrier.handOver(reverse, ColumnOwnership.everything(reverse), stepTimeout);
            barrierMillis = drained.waited().toMillis();
            out.println("  every service write is in the monolith (" + barrierMillis + " ms); the reverse stream applies nothing more");
            for (String route : routes) {
                gateway.setMode(route, "monolith", null, "write rollback");
            }
            out.println("  routes " + routes + " served by the monolith again");
            // No need to wait: every monolith write to these columns comes after the release, so after this marker.
            barrier.handOverInOrder(forward, Map.of());
            out.println("  stream " + forward.name() + " owns all its columns again from this point of the monolith's history");
        } catch (RuntimeException e) {
            out.println("  rollback failed (" + e.getMessage() + "); the routes stay with the service");
            undo(() -> routes.forEach(r -> gateway.setMode(r, "service", null, "write rollback failed: back to the service")));
            undo(() -> barrier.handOver(reverse, Map.of(), stepTimeout));
            release(routes, "write rollback failed");
            throw e;
        }
        Outcome released = release(routes, "write rollback done");
        streams.remove(reverse, Duration.ofSeconds(60)).forEach(line -> out.println("  " + line));
        return new Outcome(released.heldMillis(), released.requestsHeld(), barrierMillis, Map.of());
    }

    /**
     * Before holding anything: the stream the hold will wait for is flowing (a barrier passes) and the
     * gateway answers. It also warms this process's paths to both (classes, connections), which
     * otherwise would run for the first time inside the hold.
     */
    private void ready(MigrationPlan.Stream stream, List<String> routes, Duration timeout) {
        SyncBarrier.Passed flowing = barrier.await(stream, timeout);
        routes.forEach(gateway::route);
        out.println("  stream " + stream.name() + " is flowing (barrier " + flowing.waited().toMillis() + " ms); the gateway answers");
    }

    private void hold(List<String> routes, Duration limit, String reason) {
        for (String route : routes) {
            gateway.hold(route, limit, reason);
        }
        out.println("  holding new requests of " + routes + " (at most " + limit.toMillis() + " ms)");
    }

    private Outcome release(List<String> routes, String reason) {
        long held = 0;
        int requests = 0;
        for (String route : routes) {
            try {
                JsonNode r = gateway.release(route, reason);
                held = Math.max(held, r.path("heldMillis").asLong());
                requests += r.path("requestsHeld").asInt();
            } catch (RuntimeException e) {
                out.println("  ! could not release " + route + " (" + e.getMessage() + "); its hold expires by itself");
            }
        }
        out.println("  released: routes held " + held + " ms, " + requests + " request(s) waited");
        return new Outcome(held, requests, 0, Map.of());
    }

    private void undo(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            out.println("  ! undo step failed: " + e.getMessage());
        }
    }
}
