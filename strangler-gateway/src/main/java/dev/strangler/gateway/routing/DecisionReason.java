package dev.strangler.gateway.routing;

/**
 * Why a request went where it went: the {@code reason} tag of {@code strangler.requests} and the reason in the
 * gateway's logs. The decider gives the first five, read-your-writes the sixth; {@link #FALLBACK} and
 * {@link #FENCED} are given by the request filter, after the decision.
 */
public enum DecisionReason {
    /** No route matched: the monolith's catch-all. */
    UNMATCHED("unmatched"),
    /** The kill switch is on: everything to the monolith. */
    KILL_SWITCH("kill-switch"),
    /** The route's mode alone (monolith, service, shadow). */
    MODE("mode"),
    /** A canary route's bucketing of the caller. */
    BUCKET("bucket"),
    /** One of the route's targeting rules. */
    TARGETING("targeting"),
    /** A read sent to the side its caller's write pinned it to. */
    READ_YOUR_WRITES("read-your-writes"),
    /** The service failed and the monolith answered instead. */
    FALLBACK("fallback"),
    /** Refused with 503: the route's write cutover is unfinished. */
    FENCED("fenced");

    private final String tag;

    DecisionReason(String tag) {
        this.tag = tag;
    }

    /** The value in metric tags and logs. */
    public String tag() {
        return tag;
    }
}
