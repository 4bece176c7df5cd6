package dev.strangler.gateway.filter;

import dev.strangler.gateway.client.ClientAddressResolver;
import dev.strangler.gateway.hold.RouteHolds;
import dev.strangler.gateway.live.LiveRoutes;
import dev.strangler.gateway.live.Pins;
import dev.strangler.gateway.metrics.FallbackCause;
import dev.strangler.gateway.metrics.StranglerMetrics;
import dev.strangler.gateway.problem.ProblemResponse;
import dev.strangler.gateway.record.Recorder;
import dev.strangler.gateway.record.Sample;
import dev.strangler.gateway.routing.DecisionReason;
import dev.strangler.gateway.routing.LiveState;
import dev.strangler.gateway.routing.Pin;
import dev.strangler.gateway.routing.ReadYourWrites;
import dev.strangler.gateway.routing.RouteDecider;
import dev.strangler.gateway.routing.RoutingDecision;
import dev.strangler.gateway.routing.Target;
import dev.strangler.gateway.shadow.ShadowMirror;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

/**
 * Decides, once per request, which side serves it (see {@link RouteDecider}), on one snapshot of
 * the live state; starts the shadow copy for shadow routes; and records the request's metrics when
 * it ends. Every request of a strangled route is admitted by {@link RouteHolds} and counted until it
 * ends (so a hold can drain); a request of a held route waits for the release and is decided then, one
 * of a fenced route (its write cutover died half way) is answered 503 with {@code Retry-After}. Runs before {@link NettyWriteResponseFilter} so the shadow and the {@link Recorder} can see the answer's body.
 *
 * <p>Read-your-writes: a read goes to the side its caller is pinned to (see {@link ReadYourWrites}); a
 * write, once admitted, pins its caller before it is forwarded (on every replica, when they share
 * their state: the pin is stored first), and again for the window from its end. A request to the monolith of a
 * caller pinned to a service is marked ({@link StranglerAttributes#RECHECK_PIN}) to be sent again when the monolith
 * does not know the caller yet.
 */
public final class StranglerDecisionFilter implements GlobalFilter, Ordered {

    public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 10;

    private final LiveRoutes routes;
    private final ShadowMirror shadow;
    private final StranglerMetrics metrics;

    private static final Logger log = LoggerFactory.getLogger(StranglerDecisionFilter.class);
    /** The longest a write waits for its pin to be shared; then it goes on, pinned on this replica only. */
    static final Duration SHARE_PIN_LIMIT = Duration.ofMillis(500);

    private final RouteHolds holds;
    private final Pins pins;
    private final ClientAddressResolver clientAddress;
    private final Recorder recorder;

    public StranglerDecisionFilter(
            LiveRoutes routes,
            ShadowMirror shadow,
            StranglerMetrics metrics,
            RouteHolds holds,
            Pins pins,
            ClientAddressResolver clientAddress,
            Recorder recorder) {
        this.recorder = recorder;
        this.routes = routes;
        this.shadow = shadow;
        this.metrics = metrics;
        this.holds = holds;
        this.pins = pins;
        this.clientAddress = clientAddress;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return route(exchange, chain, System.nanoTime());
    }

    private Mono<Void> route(ServerWebExchange exchange, GatewayFilterChain chain, long start) {
        LiveState state = routes.current();
        ServerHttpRequest request = exchange.getRequest();
        ExchangeFacts facts = new ExchangeFacts(request, clientAddress);
        RoutingDecision decided = RouteDecider.decide(
                state, request.getMethod(), request.getPath().pathWithinApplication(), facts);
        ReadYourWrites readYourWrites = state.table().readYourWrites();
        String caller = readYourWrites.callerOf(facts);
        Pin pin = caller == null ? null : pins.get(caller);
        RoutingDecision decision =
                caller == null ? decided : readYourWrites.read(decided, request.getMethod(), pin, state);
        String admittedRoute =
                decision.route() == null ? null : decision.route().id();
        if (admittedRoute != null) {
            boolean write = decision.route().service() != null && !StranglerTargetFilter.isSafe(request.getMethod());
            Mono<Void> notAdmitted = holds.admit(admittedRoute, write);
            if (notAdmitted != null) {
                // Held (a write cutover is under way): wait, then decide again on the state live then.
                // Fenced (a cutover died half way): 503, the app retries.
                long heldSince = System.nanoTime();
                return notAdmitted
                        .then(Mono.defer(() -> {
                            metrics.held(decision.routeId(), System.nanoTime() - heldSince);
                            return route(exchange, chain, start);
                        }))
                        .onErrorResume(RouteHolds.Fenced.class, fenced -> fenced(exchange, decision, fenced, start));
            }
        }
        exchange.getAttributes().put(StranglerAttributes.DECISION, decision);
        exchange.getAttributes().put(StranglerAttributes.STATE, state);
        exchange.getAttributes().put(StranglerAttributes.SERVED_BY, decision.target());
        Pin recheck = readYourWrites.recheckAtMonolith(decision, pin);
        if (recheck != null) {
            exchange.getAttributes().put(StranglerAttributes.RECHECK_PIN, recheck);
        }
        ServerWebExchange mirrored = decision.shadow() ? shadow.attach(exchange, decision, state) : exchange;
        Sample sample = recorder.sample(mirrored, decision, state);
        ServerWebExchange forwarded = sample == null ? mirrored : sample.exchange();
        boolean pinning = caller != null && readYourWrites.pins(decision, request.getMethod());
        Mono<Void> pinned = pinning
                ? pin(caller, decision, readYourWrites.window().plus(Pins.IN_FLIGHT_BOUND), false)
                : Mono.empty();
        // Deferred, so that a filter failing before it returns its Mono still ends here and is counted out.
        return pinned.then(Mono.defer(() -> chain.filter(forwarded))).doFinally(signal -> {
            if (admittedRoute != null) {
                holds.finished(admittedRoute);
            }
            if (pinning) {
                pin(caller, decision, readYourWrites.window(), true).subscribe();
            }
            record(exchange, decision, signal, System.nanoTime() - start);
            if (sample != null) {
                sample.end(signal, exchange.getAttributeOrDefault(StranglerAttributes.SERVED_BY, decision.target()));
            }
        });
    }

    /**
     * Pins the caller of a write to the side that serves it, for {@code ttl}. Alone, at once; shared, once
     * stored (a database round trip, off the event loop). A pin that cannot be shared is kept here and
     * the write goes on: read-your-writes then holds on this replica only, and the warning says so.
     */
    private Mono<Void> pin(String caller, RoutingDecision decision, Duration ttl, boolean ended) {
        String service = decision.target() == Target.SERVICE ? decision.route().service() : null;
        if (!pins.shared()) {
            pins.pin(caller, decision.target(), service, ttl);
            return Mono.empty();
        }
        return Mono.<Void>fromRunnable(() -> pins.pinEverywhere(caller, decision.target(), service, ttl))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(SHARE_PIN_LIMIT)
                .onErrorResume(e -> {
                    log.warn(
                            "read-your-writes: the pin of a write {} could not be shared ({}); the caller's reads on other replicas are "
                                    + "not pinned",
                            ended ? "that ended" : "about to be forwarded",
                            e.getMessage());
                    return Mono.empty();
                });
    }

    /** Seconds a fenced client is asked to wait before it retries: a resumed cutover takes about that long. */
    static final String RETRY_AFTER_SECONDS = "2";

    private Mono<Void> fenced(
            ServerWebExchange exchange, RoutingDecision decision, RouteHolds.Fenced fenced, long start) {
        ServerHttpResponse response = exchange.getResponse();
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        metrics.request(decision.routeId(), "none", "5xx", DecisionReason.FENCED, System.nanoTime() - start);
        return ProblemResponse.write(response, HttpStatus.SERVICE_UNAVAILABLE, fenced.getMessage());
    }

    private void record(ServerWebExchange exchange, RoutingDecision decision, SignalType signal, long nanos) {
        Target servedBy = exchange.getAttributeOrDefault(StranglerAttributes.SERVED_BY, decision.target());
        FallbackCause cause = exchange.getAttribute(StranglerAttributes.FALLBACK_CAUSE);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        String outcome = signal == SignalType.ON_ERROR || status == null ? "error" : (status.value() / 100) + "xx";
        if (signal == SignalType.CANCEL) {
            outcome = "cancelled";
        }
        metrics.request(
                decision.routeId(),
                servedBy.tag(),
                outcome,
                cause != null ? DecisionReason.FALLBACK : decision.why(),
                nanos);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
