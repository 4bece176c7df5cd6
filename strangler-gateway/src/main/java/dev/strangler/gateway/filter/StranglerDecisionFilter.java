package dev.strangler.gateway.filter;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import dev.strangler.gateway.hold.RouteHolds;
import dev.strangler.gateway.metrics.StranglerMetrics;
import dev.strangler.gateway.routing.LiveRoutes;
import dev.strangler.gateway.routing.LiveState;
import dev.strangler.gateway.routing.RouteDecider;
import dev.strangler.gateway.routing.RoutingDecision;
import dev.strangler.gateway.routing.Target;
import dev.strangler.gateway.shadow.ShadowMirror;

/**
 * Decides, once per request, which side serves it (see {@link RouteDecider}), on one snapshot of
 * the live state; starts the shadow copy for shadow routes; and records the request's metrics when
 * it ends. A request of a held route waits for the release and is decided then. Runs before {@link NettyWriteResponseFilter} so the shadow can see the monolith's body.
 */
public final class StranglerDecisionFilter implements GlobalFilter, Ordered {

    public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 10;

    private final LiveRoutes routes;
    private final ShadowMirror shadow;
    private final StranglerMetrics metrics;

    private final RouteHolds holds;

    public StranglerDecisionFilter(LiveRoutes routes, ShadowMirror shadow, StranglerMetrics metrics, RouteHolds holds) {
        this.routes = routes;
        this.shadow = shadow;
        this.metrics = metrics;
        this.holds = holds;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return route(exchange, chain, System.nanoTime());
    }

    private Mono<Void> route(ServerWebExchange exchange, GatewayFilterChain chain, long start) {
        LiveState state = routes.current();
        ServerHttpRequest request = exchange.getRequest();
        ExchangeFacts facts = new ExchangeFacts(request);
        RoutingDecision decided = RouteDecider.decide(state, request.getMethod(), request.getPath().pathWithinApplication(), facts);
        RoutingDecision decision = state.table().readYourWrites().apply(decided, request.getMethod(), facts, state);
        Mono<Void> released = holds.awaitRelease(decision.routeId());
        if (released != null) {
            // Held (a write cutover is under way): wait, then decide again on the state live then.
            long heldSince = System.nanoTime();
            return released.then(Mono.defer(() -> {
                metrics.held(decision.routeId(), System.nanoTime() - heldSince);
                return route(exchange, chain, start);
            }));
        }
        exchange.getAttributes().put(StranglerAttributes.DECISION, decision);
        exchange.getAttributes().put(StranglerAttributes.STATE, state);
        exchange.getAttributes().put(StranglerAttributes.SERVED_BY, decision.target());
        ServerWebExchange forwarded = decision.shadow() ? shadow.attach(exchange, decision, state) : exchange;
        return chain.filter(forwarded).doFinally(signal -> record(exchange, decision, signal, System.nanoTime() - start));
    }

    private void record(ServerWebExchange exchange, RoutingDecision decision, SignalType signal, long nanos) {
        Target servedBy = exchange.getAttributeOrDefault(StranglerAttributes.SERVED_BY, decision.target());
        String cause = exchange.getAttribute(StranglerAttributes.FALLBACK_CAUSE);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        String outcome = signal == SignalType.ON_ERROR || status == null ? "error" : (status.value() / 100) + "xx";
        if (signal == SignalType.CANCEL) {
            outcome = "cancelled";
        }
        metrics.request(decision.routeId(), servedBy.tag(), outcome, cause != null ? "fallback" : decision.reason(), nanos);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
