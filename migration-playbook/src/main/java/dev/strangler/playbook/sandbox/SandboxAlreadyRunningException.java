package dev.strangler.playbook.sandbox;

/** {@code up} found a sandbox already running in the state directory, and started nothing. */
public final class SandboxAlreadyRunningException extends SandboxException {

    private final transient SandboxState running;

    SandboxAlreadyRunningException(SandboxState running) {
        super("sandbox already running since " + running.startedAt() + ", see `strangler sandbox status`");
        this.running = running;
    }

    /** The sandbox that runs. */
    public SandboxState running() {
        return running;
    }
}
