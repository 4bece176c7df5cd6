package dev.strangler.playbook.sandbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code sandbox up} started, as recorded in the state file: enough for {@code status} to check
 * each part and for {@code down} to stop exactly those processes.
 *
 * @param startedAt       when {@code up} began
 * @param complete        false while {@code up} is still starting parts (or when it was interrupted)
 * @param stateDir        the state directory this state belongs to
 * @param postgresDataDir the data directory of the sandbox's PostgreSQL cluster
 * @param parts           the parts started so far, in start order
 * @param kept            what an earlier sandbox left and this one started on ({@link KeptState#NONE} when it started
 *                        clean, and in a state file written before this was recorded)
 */
public record SandboxState(
        Instant startedAt,
        boolean complete,
        Path stateDir,
        Path postgresDataDir,
        List<RunningPart> parts,
        KeptState kept) {

    public SandboxState {
        parts = List.copyOf(parts);
        kept = kept == null ? KeptState.NONE : kept;
    }

    /** The recorded part, if it was started. */
    public Optional<RunningPart> part(SandboxPart part) {
        return parts.stream().filter(p -> p.part() == part).findFirst();
    }

    /** The base URL of the monolith, e.g. {@code http://127.0.0.1:9001}. */
    public String monolithUrl() {
        return part(SandboxPart.MONOLITH)
                .map(RunningPart::url)
                .orElseThrow(() -> new IllegalStateException("the monolith is not part of this sandbox state"));
    }

    /** The base URL the app talks to: the gateway in front of the monolith, e.g. {@code http://127.0.0.1:8080}. */
    public String gatewayUrl() {
        return part(SandboxPart.GATEWAY)
                .map(RunningPart::url)
                .orElseThrow(() -> new IllegalStateException("the gateway is not part of this sandbox state"));
    }

    /** The Kafka Connect REST API of the sandbox, e.g. {@code http://127.0.0.1:8083}. */
    public String connectUrl() {
        return part(SandboxPart.CONNECT)
                .map(RunningPart::url)
                .orElseThrow(() -> new IllegalStateException("Kafka Connect is not part of this sandbox state"));
    }

    SandboxState with(RunningPart part) {
        List<RunningPart> more = new ArrayList<>(parts);
        more.add(part);
        return new SandboxState(startedAt, complete, stateDir, postgresDataDir, more, kept);
    }

    SandboxState with(KeptState found) {
        return new SandboxState(startedAt, complete, stateDir, postgresDataDir, parts, found);
    }

    SandboxState completed() {
        return new SandboxState(startedAt, true, stateDir, postgresDataDir, parts, kept);
    }
}
