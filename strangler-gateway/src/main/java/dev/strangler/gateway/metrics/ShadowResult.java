package dev.strangler.gateway.metrics;

/** How one shadow comparison ended: the {@code result} tag of {@code strangler.shadow.results}. */
public enum ShadowResult {
    /** The service answered as the monolith did. */
    MATCH("match"),
    /** The answers differed (kept in the mismatch log). */
    MISMATCH("mismatch"),
    /** Not mirrored: too many shadow requests under way. */
    DROPPED("dropped"),
    /** Not compared: an unsafe method the route does not mirror, or a body over the limit. */
    SKIPPED("skipped"),
    /** The shadow request to the service failed (or, for a service that takes a JWT, the identity service did). */
    ERROR("error");

    private final String tag;

    ShadowResult(String tag) {
        this.tag = tag;
    }

    /** The value of the metric tag. */
    public String tag() {
        return tag;
    }
}
