package dev.strangler.playbook.sandbox;

/** A sandbox operation that could not be done; the message says why and what the user can do about it. */
public class SandboxException extends RuntimeException {

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
