package dev.strangler.playbook.sandbox;

import java.util.function.Consumer;

/**
 * While {@code up} runs, stops what it has started so far if the JVM is asked to exit (Ctrl-C):
 * otherwise an interrupted {@code up} would leave detached processes behind for {@code down} to find.
 */
final class RollbackOnExit implements AutoCloseable {

    private final Object lock = new Object();
    private final Consumer<SandboxState> rollback;
    private final Thread hook;
    private SandboxState current;
    private boolean exiting;

    RollbackOnExit(SandboxState initial, Consumer<SandboxState> rollback) {
        this.current = initial;
        this.rollback = rollback;
        this.hook = new Thread(this::onExit, "sandbox-up-rollback");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Records what has been started; when the JVM is already exiting, stops it at once instead. */
    void update(SandboxState state) {
        synchronized (lock) {
            current = state;
            if (exiting) {
                rollback.accept(state);
                throw new SandboxException("interrupted: stopped what this `up` had started");
            }
        }
    }

    private void onExit() {
        synchronized (lock) {
            exiting = true;
            if (!current.complete()) {
                System.err.println("strangler sandbox up: interrupted, stopping what was started ...");
                rollback.accept(current);
            }
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyExiting) {
            // The hook runs or has run; nothing to remove.
        }
    }
}
