package dev.strangler.gateway.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.strangler.gateway.audit.AuditLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** Holds driven by hand, so that what may happen between two steps of a hold can be made to happen there. */
class RouteHoldsTest {

    private static final String ROUTE = "orders-write";

    @TempDir
    Path dir;

    @Test
    void aReleaseThatArrivesWhileTheHoldIsBeingSetUpLetsTheRequestsItHeldThrough() {
        AtomicReference<RouteHolds> holds = new AtomicReference<>();
        AtomicReference<Mono<Void>> waiting = new AtomicReference<>();
        AtomicReference<Throwable> releaseFailed = new AtomicReference<>();
        // The moment the hold is visible to other threads: the request in flight finishes (a quiet
        // moment: the gate closes), a new request arrives and waits, and the operator releases.
        holds.set(holds(routeId -> {
            holds.get().finished(routeId);
            waiting.set(holds.get().admit(routeId, true));
            try {
                holds.get().release(routeId, "alice", "changed my mind");
            } catch (RuntimeException e) {
                releaseFailed.set(e);
            }
        }));
        assertThat(holds.get().admit(ROUTE, true))
                .as("one write in flight when the hold is asked for")
                .isNull();

        holds.get().hold(ROUTE, Duration.ofSeconds(10), Duration.ofSeconds(5), "alice", "cutover");

        assertThat(waiting.get())
                .as("the request that arrived after the gate closed waits")
                .isNotNull();
        assertThatCode(() -> waiting.get().block(Duration.ofSeconds(2)))
                .as("the held request goes on once the hold is released")
                .doesNotThrowAnyException();
        assertThat(releaseFailed.get()).as("the release succeeds").isNull();
        assertThat(holds.get().active()).as("nothing is held any more").isEmpty();
    }

    @Test
    void aSecondHoldOfAHeldRouteLeavesTheFirstHoldToItsOwnLimit() throws Exception {
        RouteHolds holds = holds(routeId -> {});
        holds.hold(ROUTE, Duration.ofSeconds(10), Duration.ofSeconds(5), "alice", "cutover")
                .block(Duration.ofSeconds(1));

        assertThat(holds.hold(ROUTE, Duration.ofMillis(50), Duration.ofMillis(50), "bob", "another")
                        .blockOptional(Duration.ofSeconds(1)))
                .as("the route is held already")
                .isEmpty();
        Thread.sleep(300);

        assertThat(holds.active())
                .as("the short limit of the refused hold does not end the first one")
                .hasSize(1);
        assertThat(holds.admit(ROUTE, true)).as("requests still wait").isNotNull();
    }

    private RouteHolds holds(Consumer<String> published) {
        AuditLog audit = new AuditLog(dir.resolve("audit.log"), Clock.systemUTC());
        CutoverRecords cutovers =
                new CutoverRecords(new CutoverRecords.InFile(dir.resolve("cutovers.json")), audit, Clock.systemUTC());
        return new RouteHolds(audit, cutovers, Clock.systemUTC(), Lease.alone(), published);
    }
}
