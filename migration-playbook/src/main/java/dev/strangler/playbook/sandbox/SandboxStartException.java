package dev.strangler.playbook.sandbox;

import java.nio.file.Path;

/**
 * A part of the sandbox failed to start; what {@code up} had started was stopped again. Carries the
 * part's log file and its last lines, which usually say what went wrong.
 */
public final class SandboxStartException extends SandboxException {

    private final SandboxPart part;
    private final Path log;
    private final String logTail;

    SandboxStartException(SandboxPart part, String message, Path log, String logTail, Throwable cause) {
        super(message, cause);
        this.part = part;
        this.log = log;
        this.logTail = logTail;
    }

    public SandboxPart part() {
        return part;
    }

    /** The part's log file, or null when it had none yet. */
    public Path log() {
        return log;
    }

    /** The last lines of that log, empty when there are none. */
    public String logTail() {
        return logTail;
    }
}
