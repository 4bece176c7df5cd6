package dev.strangler.gateway.routing;

/**
 * What the gateway does with one request.
 *
 * @param route  the matched route, or null for the monolith's catch-all
 * @param target the side that serves the client
 * @param shadow whether a copy goes to the route's service for comparison
 * @param why    why; {@link #reason()} is its value for logs and the {@code reason} metric tag
 */
public record RoutingDecision(StrangledRoute route, Target target, boolean shadow, DecisionReason why) {

    public String routeId() {
        return route == null ? "monolith-default" : route.id();
    }

    /** Why, as logs and the {@code reason} metric tag carry it: {@code unmatched}, {@code mode}, {@code bucket}, ... */
    public String reason() {
        return why.tag();
    }
}
