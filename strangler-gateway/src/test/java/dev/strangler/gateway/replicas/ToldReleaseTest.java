package dev.strangler.gateway.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.gateway.api.CutoverRecord;
import dev.strangler.gateway.routing.Mode;
import dev.strangler.infra.postgres.SharedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * Two replicas on one shared state, each with its own routes, records and holds, as two gateways
 * have them. A cutover's flip and release on one replica reach the other in one notification: the
 * other releases the writes it holds, to the new owner, as that notification arrives, not after it
 * has read the whole state again (a query that took up to 95 ms under the cutover check's load, while
 * every write held there waited on it).
 */
class ToldReleaseTest {

    private static final String ROUTE = "catalog-write";

    private final List<SharedState> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(SharedState::close);
    }

    private ReplicaParts replica(String database, String name, Path dir) {
        ReplicaParts replica = ReplicaParts.start(database, name, dir);
        started.add(replica.state());
        return replica;
    }

    @Test
    void aFollowerReleasesItsHeldWritesToTheNewOwnerAsTheFlipsNotificationArrivesWithoutReadingTheState(
            @TempDir Path dir) throws Exception {
        String database = SharedPostgres.freshDatabase("gateway_told");
        ReplicaParts leader = replica(database, "a", dir);
        ReplicaParts follower = replica(database, "b", dir);

        leader.state()
                .hold(ROUTE, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO, "driver", "write cutover")
                .block(Duration.ofSeconds(10));
        // A write that reached the follower during the hold: it waits there, and goes on to the owner live then.
        CompletableFuture<Mode> heldWriteWentTo = follower.holds()
                .admit(ROUTE, true)
                .then(Mono.fromCallable(() -> modeOf(follower)))
                .toFuture();
        assertThat(heldWriteWentTo).as("held on the follower").isNotDone();

        // From here on, a snapshot that has the release's record in it takes 3 s to apply: a follower that
        // waits for one keeps its writes that long.
        follower.state().betweenSnapshotAndApply = records -> {
            CutoverRecord r = records.get("catalog");
            if (r != null && r.step().equals("releasing")) {
                sleep(3000);
            }
        };
        // The follower has just read the state (so its once-a-second reading is not due during the flip).
        AtomicInteger applied = new AtomicInteger();
        follower.state().afterApply = applied::incrementAndGet;
        try (Connection c = SharedPostgres.cluster().connect(database);
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_notify('" + SharedState.CHANNEL + "', 'changes')");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> applied.get() > 0);

        // The flip's call, as the admin API makes it: record, flip, record the release, release; told at the end.
        leader.state().noticedTogether(() -> {
            leader.cutovers().put("catalog", "cutover", List.of(ROUTE), "flipping", true, Map.of(), "driver");
            leader.routes().setMode(ROUTE, Mode.SERVICE, null, "driver", "write cutover");
            leader.cutovers().put("catalog", "cutover", List.of(ROUTE), "releasing", false, Map.of(), "driver");
            return leader.state().release(ROUTE, "driver", "write cutover");
        });

        assertThat(heldWriteWentTo)
                .as("the follower's held write, within a second of the release")
                .succeedsWithin(Duration.ofSeconds(1))
                .isEqualTo(Mode.SERVICE);
        assertThat(follower.cutovers().mustHold(ROUTE))
                .as("the follower has the release's record")
                .isFalse();
    }

    private static Mode modeOf(ReplicaParts r) {
        return r.routes().current().modeOf(r.routes().current().table().route(ROUTE));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
