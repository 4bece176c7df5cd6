package dev.strangler.playbook.sandbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The state of the sandbox of one state directory, part by part.
 *
 * @param stateDir  the state directory that was inspected
 * @param startedAt when {@code up} began, or null when no sandbox is recorded there
 * @param complete  whether that {@code up} finished starting every part
 * @param parts     every recorded part with whether it is alive, in start order
 */
public record SandboxStatus(Path stateDir, Instant startedAt, boolean complete, List<PartStatus> parts) {

    /** Running: every part up. Partial: some recorded part down or not started. Stopped: nothing running. */
    public enum Overall {
        RUNNING,
        PARTIAL,
        STOPPED
    }

    public SandboxStatus {
        parts = List.copyOf(parts);
    }

    static SandboxStatus nothingRecorded(Path stateDir) {
        return new SandboxStatus(stateDir, null, false, List.of());
    }

    /** Whether a sandbox is recorded in the state directory at all. */
    @JsonProperty("recorded")
    public boolean recorded() {
        return startedAt != null;
    }

    /** The memory of the parts that are up and could be measured, together; -1 when none could. */
    @JsonProperty("memoryBytes")
    public long memoryBytes() {
        return parts.stream()
                .mapToLong(PartStatus::memoryBytes)
                .filter(m -> m >= 0)
                .reduce(Long::sum)
                .orElse(-1);
    }

    @JsonProperty("state")
    public Overall overall() {
        long alive = parts.stream().filter(PartStatus::alive).count();
        if (alive == 0) {
            return Overall.STOPPED;
        }
        return complete && alive == parts.size() ? Overall.RUNNING : Overall.PARTIAL;
    }
}
