package dev.strangler.gateway.filter;

/** Exchange attributes the strangler filters share, by name. */
public final class StranglerAttributes {

    /** The {@link dev.strangler.gateway.routing.RoutingDecision} for the request. */
    public static final String DECISION = "strangler.decision";
    /** The {@link dev.strangler.gateway.routing.LiveState} the decision was made on, so the whole request uses one snapshot. */
    public static final String STATE = "strangler.state";
    /** The {@link dev.strangler.gateway.routing.Target} that finally served the client (differs from the decision after a fallback). */
    public static final String SERVED_BY = "strangler.servedBy";
    /** The {@link dev.strangler.gateway.metrics.FallbackCause} of a service's answer replaced by the monolith's. */
    public static final String FALLBACK_CAUSE = "strangler.fallbackCause";

    /**
     * The caller's {@link dev.strangler.gateway.routing.Pin} to a service, on a request to the monolith that is sent
     * again while it lasts when the monolith answers 401 (see {@link
     * dev.strangler.gateway.routing.ReadYourWrites#recheckAtMonolith}); absent otherwise.
     */
    public static final String RECHECK_PIN = "strangler.recheckPin";

    private StranglerAttributes() {}
}
