package dev.strangler.gateway.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.api.CutoverRecord;
import dev.strangler.gateway.hold.CutoverRecords;
import dev.strangler.infra.postgres.SharedPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica's follower reads a snapshot of the shared state, and before it applies it, the same replica
 * writes a newer step (as a cutover's driver does: it records "releasing" and releases in one call,
 * right after it recorded "flipping"). The older snapshot must not be applied over the newer write: a
 * release decided on it would answer the held writes 503 ("an unfinished cutover"), as a run of the
 * cutover check saw once.
 */
class StaleSnapshotTest {

    private SharedState state;

    @AfterEach
    void stop() {
        if (state != null) {
            state.close();
        }
    }

    @Test
    void aSnapshotReadJustBeforeAWriteOnThisReplicaIsNotAppliedOverIt(@TempDir Path dir) throws Exception {
        ReplicaParts replica = ReplicaParts.start(SharedPostgres.freshDatabase("gateway_stale"), "a", dir);
        state = replica.state();
        CutoverRecords cutovers = replica.cutovers();

        AtomicBoolean armed = new AtomicBoolean(true);
        CompletableFuture<Boolean> holdingAfterThatSync = new CompletableFuture<>();
        AtomicBoolean wroteMeanwhile = new AtomicBoolean();
        state.betweenSnapshotAndApply = read -> {
            CutoverRecord inSnapshot = read.get("catalog");
            if (inSnapshot != null && inSnapshot.step().equals("flipping") && armed.compareAndSet(true, false)) {
                // The snapshot in hand says "flipping (holding)"; this replica now records the release.
                cutovers.put("catalog", "cutover", List.of("catalog-write"), "releasing", false, Map.of(), "driver");
                wroteMeanwhile.set(true);
            }
        };
        state.afterApply = () -> {
            if (wroteMeanwhile.get()) {
                holdingAfterThatSync.complete(cutovers.mustHold("catalog-write"));
            }
        };

        cutovers.put("catalog", "cutover", List.of("catalog-write"), "flipping", true, Map.of(), "driver");

        assertThat(holdingAfterThatSync.get(10, TimeUnit.SECONDS))
                .as("right after the follower applied the snapshot it read before the newer write")
                .isFalse();
        assertThat(cutovers.get("catalog").step()).isEqualTo("releasing");
    }
}
