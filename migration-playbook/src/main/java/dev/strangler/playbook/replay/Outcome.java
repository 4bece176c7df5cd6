package dev.strangler.playbook.replay;

import com.fasterxml.jackson.annotation.JsonValue;

/** What became of one recorded request in a replay. */
public enum Outcome {
    /** The target answered as recorded (ignored paths and noise aside). */
    MATCHED("matched", false),
    /** The target answered differently: the differences say where. */
    DIFFERED("differed", true),
    /** The target gave no answer (refused, timed out). */
    FAILED("failed", true),
    /** A write, not replayed without {@code --writes}. */
    SKIPPED_WRITE("skipped-write", false),
    /** Needs a value (an id, a token) that only a skipped write would have given. */
    SKIPPED_DEPENDENCY("skipped-dependency", false),
    /**
     * Needs a secret the recording does not keep (a login's password) and nobody gave: not sent, so the contract is
     * not checked there, which fails the replay.
     */
    NEEDS_SECRET("needs-secret", true);

    private final String label;
    private final boolean failure;

    Outcome(String label, boolean failure) {
        this.label = label;
        this.failure = failure;
    }

    /** As the reports write it. */
    @JsonValue
    public String label() {
        return label;
    }

    /** Whether it makes the replay fail (exit 1). */
    public boolean failure() {
        return failure;
    }
}
