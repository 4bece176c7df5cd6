package dev.strangler.playbook.sandbox;

/** What {@code down} did about one recorded part. */
public record StoppedPart(SandboxPart part, long pid, Outcome outcome, String detail) {

    public enum Outcome {
        /** It was running and has been stopped. */
        STOPPED,
        /** It was no longer running. */
        NOT_RUNNING,
        /** The recorded pid now belongs to another program, which was left alone. */
        LEFT_ALONE,
        /** It did not exit even after KILL. */
        STILL_RUNNING
    }
}
