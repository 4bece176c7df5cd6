package dev.strangler.playbook.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of {@code down}.
 *
 * @param recorded false when no sandbox was recorded in the state directory (nothing to do)
 * @param parts    what happened to each recorded part, in stop order
 * @param wiped    with {@code --wipe}: the data directories deleted (of this sandbox, or of one stopped before)
 */
public record SandboxDown(boolean recorded, List<StoppedPart> parts, List<Path> wiped) {

    public SandboxDown {
        parts = List.copyOf(parts);
        wiped = List.copyOf(wiped);
    }

    /** True when no recorded part is left running. */
    public boolean clean() {
        return parts.stream().noneMatch(p -> p.outcome() == StoppedPart.Outcome.STILL_RUNNING);
    }
}
