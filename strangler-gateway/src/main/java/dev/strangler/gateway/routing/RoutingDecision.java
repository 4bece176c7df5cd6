package dev.strangler.gateway.routing;

/**
 * What the gateway does with one request.
 *
 * @param route  the matched route, or null for the monolith's catch-all
 * @param target the side that serves the client
 * @param shadow whether a copy goes to the route's service for comparison
 * @param reason why, for logs and the {@code reason} metric tag: {@code unmatched}, {@code mode}, {@code bucket},
 *               {@code targeting}, {@code kill-switch}
 */
public record RoutingDecision(StrangledRoute route, Target target, boolean shadow, String reason) {

    public String routeId() {
        return route == null ? "monolith-default" : route.id();
    }
}
