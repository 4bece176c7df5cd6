package dev.strangler.gateway.metrics;

/**
 * How the identity of one service-bound request was resolved: the {@code result} tag of
 * {@code strangler.identity.resolutions} (and, for the calls the gateway made itself, of
 * {@code strangler.identity.exchanges}).
 */
public enum IdentityResult {
    /** A JWT exchanged before for the same session token (or an exchange already under way for it) was used. */
    CACHED("cached"),
    /** The identity service exchanged the session token for a JWT just now. */
    RESOLVED("resolved"),
    /** The identity service refused the token ({@code invalid_grant}): the app got 401. */
    REJECTED("rejected"),
    /** The identity service did not answer, timed out, or answered unexpectedly: the app got 503. */
    ERROR("error");

    private final String tag;

    IdentityResult(String tag) {
        this.tag = tag;
    }

    /** The value of the metric tag. */
    public String tag() {
        return tag;
    }
}
