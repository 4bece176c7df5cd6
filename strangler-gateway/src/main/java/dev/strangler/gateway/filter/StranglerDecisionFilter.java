package dev.strangler.gateway.filter;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import tools.jackson.databind.json.JsonMapper;

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
 * it ends. Every request of a strangled route is admitted by {@link RouteHolds} and counted until it
 * ends (so a hold can drain); a request of a held route waits for the release and is decided then, one
 * of a fenced route (its write cutover died half way) is answered 503 with {@code Retry-After}. Runs before {@link NettyWriteResponseFilter} so the shadow can see the monolith's body.
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
        String admittedRoute = decision.route() == null ? null : decision.route().id();
        if (admittedRoute != null) {
            boolean write = decision.route().service() != null && !StranglerTargetFilter.isSafe(request.getMethod());
            Mono<Void> notAdmitted = holds.admit(admittedRoute, write);
            if (notAdmitted != null) {
                // Held (a write cutover is under way): wait, then decide again on the state live then.
                // Fenced (a cutover died half way): 503, the app retries.
                long heldSince = System.nanoTime();
                return notAdmitted.then(Mono.defer(() -> {
                    metrics.held(decision.routeId(), System.nanoTime() - heldSince);
                    return route(exchange, chain, start);
                })).onErrorResume(RouteHolds.Fenced.class, fenced -> fenced(exchange, decision, fenced, start));
            }
        }
        exchange.getAttributes().put(StranglerAttributes.DECISION, decision);
        exchange.getAttributes().put(StranglerAttributes.STATE, state);
        exchange.getAttributes().put(StranglerAttributes.SERVED_BY, decision.target());
        ServerWebExchange forwarded = decision.shadow() ? shadow.attach(exchange, decision, state) : exchange;
        // Deferred, so that a filter failing before it returns its Mono still ends here and is counted out.
        return Mono.defer(() -> chain.filter(forwarded)).doFinally(signal -> {
            if (admittedRoute != null) {
                holds.finished(admittedRoute);
            }
            record(exchange, decision, signal, System.nanoTime() - start);
        });
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Seconds a fenced client is asked to wait before it retries: a resumed cutover takes about that long. */
    static final String RETRY_AFTER_SECONDS = "2";

    private Mono<Void> fenced(ServerWebExchange exchange, RoutingDecision decision, RouteHolds.Fenced fenced, long start) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Service Unavailable");
        problem.put("status", 503);
        problem.put("detail", fenced.getMessage());
        metrics.request(decision.routeId(), "none", "5xx", "fenced", System.nanoTime() - start);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(JSON.writeValueAsBytes(problem))));
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
