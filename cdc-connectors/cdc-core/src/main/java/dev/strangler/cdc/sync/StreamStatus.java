package dev.strangler.cdc.sync;

import dev.strangler.cdc.connect.ConnectClient;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where a stream stands: its connectors, its replication slot (how much WAL it holds back in the
 * source), and the end-to-end lag of a marker sent just now.
 *
 * @param applied    false for a reverse stream that has neither connectors nor a slot: it starts at the write cutover
 * @param slot       the replication slot, or null when the source database could not be read ({@link CdcStreams#observe})
 * @param lag        source commit to target apply of a fresh marker, or null when it did not arrive in time or none was
 *                   sent
 * @param heartbeat  the continuously measured lag, or null before the first heartbeat arrived (or when the target
 *                   could not be read)
 * @param notes      warnings a person should act on
 * @param unreadable what {@link CdcStreams#observe} could not read, and why (its part of this status is empty or null,
 *                   and a note says so too); always empty from {@link CdcStreams#status}, which fails instead
 */
public record StreamStatus(
        String stream,
        boolean applied,
        List<ConnectClient.Status> connectors,
        SlotHealth slot,
        Duration lag,
        Heartbeat heartbeat,
        List<String> notes,
        Map<Part, String> unreadable) {

    public StreamStatus {
        unreadable = unreadable.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(unreadable));
    }

    /** A status with everything read. */
    public StreamStatus(
            String stream,
            boolean applied,
            List<ConnectClient.Status> connectors,
            SlotHealth slot,
            Duration lag,
            Heartbeat heartbeat,
            List<String> notes) {
        this(stream, applied, connectors, slot, lag, heartbeat, notes, Map.of());
    }

    /** The last heartbeat marker applied in the target: its lag, and how long ago it was applied. */
    public record Heartbeat(Duration lag, Duration age) {}

    /** The stream's replication slot in the source database. */
    public record SlotHealth(boolean exists, boolean active, long retainedWalBytes) {}

    /** Where a look at a stream reads from; one that cannot be read leaves the others. */
    public enum Part {
        /** The connectors' states, from Kafka Connect's REST API. */
        CONNECT("Kafka Connect"),
        /** The replication slot and the published tables' replica identity. */
        SOURCE("the source database"),
        /** The heartbeat marker the sink applied. */
        TARGET("the target database");

        private final String description;

        Part(String description) {
            this.description = description;
        }

        /** What it is, for a sentence: "the source database". */
        public String description() {
            return description;
        }
    }

    public boolean healthy() {
        return notes.isEmpty();
    }
}
