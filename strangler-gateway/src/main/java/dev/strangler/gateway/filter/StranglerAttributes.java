package dev.strangler.gateway.filter;

/** Exchange attributes the strangler filters share, by name. */
public final class StranglerAttributes {

    /** The {@link dev.strangler.gateway.routing.RoutingDecision} for the request. */
    public static final String DECISION = "strangler.decision";
    /** The {@link dev.strangler.gateway.routing.LiveState} the decision was made on, so the whole request uses one snapshot. */
    public static final String STATE = "strangler.state";
    /** The {@link dev.strangler.gateway.routing.Target} that finally served the client (differs from the decision after a fallback). */
    public static final String SERVED_BY = "strangler.servedBy";
    /** Why the service's answer was replaced by the monolith's: timeout, connect, 5xx, breaker-open. */
    public static final String FALLBACK_CAUSE = "strangler.fallbackCause";

    private StranglerAttributes() {}
}
