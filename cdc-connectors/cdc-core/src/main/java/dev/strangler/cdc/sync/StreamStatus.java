package dev.strangler.cdc.sync;

import dev.strangler.cdc.connect.ConnectClient;
import java.time.Duration;
import java.util.List;

/**
 * Where a stream stands: its connectors, its replication slot (how much WAL it holds back in the
 * source), and the end-to-end lag of a marker sent just now.
 *
 * @param applied   false for a reverse stream that has neither connectors nor a slot: it starts at the write cutover
 * @param lag       source commit to target apply of a fresh marker, or null when it did not arrive in time
 * @param heartbeat the continuously measured lag, or null before the first heartbeat arrived
 * @param notes     warnings a person should act on
 */
public record StreamStatus(
        String stream,
        boolean applied,
        List<ConnectClient.Status> connectors,
        SlotHealth slot,
        Duration lag,
        Heartbeat heartbeat,
        List<String> notes) {

    /** The last heartbeat marker applied in the target: its lag, and how long ago it was applied. */
    public record Heartbeat(Duration lag, Duration age) {}

    /** The stream's replication slot in the source database. */
    public record SlotHealth(boolean exists, boolean active, long retainedWalBytes) {}

    public boolean healthy() {
        return notes.isEmpty();
    }
}
