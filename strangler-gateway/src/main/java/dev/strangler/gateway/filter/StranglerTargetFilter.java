package dev.strangler.gateway.filter;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import dev.strangler.gateway.identity.IdentityAnswers;
import dev.strangler.gateway.identity.IdentityPropagation;
import dev.strangler.gateway.identity.Resolution;
import dev.strangler.gateway.limit.RequestSizeFilter;
import dev.strangler.gateway.metrics.FallbackCause;
import dev.strangler.gateway.metrics.StranglerMetrics;
import dev.strangler.gateway.problem.ProblemResponse;
import dev.strangler.gateway.routing.Credential;
import dev.strangler.gateway.routing.LiveState;
import dev.strangler.gateway.routing.Pin;
import dev.strangler.gateway.routing.RoutingDecision;
import dev.strangler.gateway.routing.ServiceEndpoint;
import dev.strangler.gateway.routing.Target;
import dev.strangler.gateway.routing.UpstreamUri;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Points the request at the side the decision chose, right after Spring Cloud Gateway built the
 * request URL and before it proxies. For the service: the service's response timeout, and for safe
 * methods on routes that allow it, a circuit breaker per service with fallback to the monolith on
 * connect failure, timeout or 5xx. Unsafe methods are never replayed elsewhere: when the service fails
 * one, the app gets a problem detail (502 unreachable, 504 too slow) and the log one WARN line.
 *
 * <p>A service that takes a JWT ({@code credential: jwt}) gets the one {@link IdentityPropagation} resolved for the
 * app's bearer token, never the token itself (a refused one goes on as a credential that fails there: {@link
 * Resolution.Forward#REFUSED}); an identity service that cannot tell is answered 503 with {@code Retry-After},
 * and nothing reaches the service.
 */
public final class StranglerTargetFilter implements GlobalFilter, Ordered {

    public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    private static final Logger log = LoggerFactory.getLogger(StranglerTargetFilter.class);

    private final ReactiveCircuitBreakerFactory<?, ?> breakers;
    /** One breaker handle per service: the factory builds a new wrapper on every call. */
    private final ConcurrentHashMap<String, ReactiveCircuitBreaker> breakerByService = new ConcurrentHashMap<>();

    private final StranglerMetrics metrics;
    private final IdentityPropagation identity;

    public StranglerTargetFilter(
            ReactiveCircuitBreakerFactory<?, ?> breakers, StranglerMetrics metrics, IdentityPropagation identity) {
        this.breakers = breakers;
        this.metrics = metrics;
        this.identity = identity;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RoutingDecision decision = exchange.getAttribute(StranglerAttributes.DECISION);
        LiveState state = exchange.getAttribute(StranglerAttributes.STATE);
        if (decision == null || state == null) {
            return chain.filter(exchange);
        }
        log.debug(
                "route {} -> {} ({}), table {}",
                decision.routeId(),
                decision.target(),
                decision.reason(),
                state.version());
        if (decision.target() == Target.MONOLITH) {
            pointAt(
                    exchange,
                    () -> UpstreamUri.of(
                            exchange.getRequest().getURI(), state.table().monolith(), "", false));
            Pin recheck = exchange.getAttribute(StranglerAttributes.RECHECK_PIN);
            if (recheck != null && UnauthorizedRecheck.resendable(exchange)) {
                return UnauthorizedRecheck.buffered(exchange)
                        .flatMap(resendable -> new UnauthorizedRecheck(
                                        resendable,
                                        chain,
                                        recheck,
                                        state.table().readYourWrites().recheckUnauthorized(),
                                        () -> metrics.recheck(decision.routeId()))
                                .send())
                        .onErrorResume(error -> answerFailure(exchange, decision, MONOLITH, null, "", error));
            }
            return chain.filter(exchange)
                    .onErrorResume(error -> answerFailure(exchange, decision, MONOLITH, null, "", error));
        }
        ServiceEndpoint service = state.table().services().get(decision.route().service());
        pointAt(
                exchange,
                () -> service.upstream(
                        exchange.getRequest().getURI(), state.table().pathCase()));
        if (service.credential() == Credential.AS_SENT) {
            return toService(exchange, exchange, chain, decision, state, service);
        }
        return identity.resolve(service, exchange.getRequest().getHeaders()).flatMap(resolution -> {
            if (resolution instanceof Resolution.Forward forward) {
                ServerWebExchange withJwt = exchange.mutate()
                        .request(forward.request(exchange.getRequest()))
                        .build();
                return toService(exchange, withJwt, chain, decision, state, service);
            }
            if (resolution instanceof Resolution.Unavailable unavailable) {
                log.warn(
                        "route {}: {} {}: not sent to service {}: {}; answered 503",
                        decision.routeId(),
                        exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath().value(),
                        service.name(),
                        unavailable.why());
                return IdentityAnswers.answer(exchange, unavailable);
            }
            return toService(exchange, exchange, chain, decision, state, service); // as sent
        });
    }

    /**
     * Sends {@code forwarded} (the request as the service gets it: with its JWT, when it takes one) to the service;
     * a fallback sends the original {@code exchange} to the monolith, with the app's own headers.
     */
    private Mono<Void> toService(
            ServerWebExchange exchange,
            ServerWebExchange forwarded,
            GatewayFilterChain chain,
            RoutingDecision decision,
            LiveState state,
            ServiceEndpoint service) {
        Mono<Void> call = chain.filter(forwarded).timeout(service.timeout());
        if (!isSafe(exchange.getRequest().getMethod()) || !decision.route().fallbackToMonolith() || hasBody(exchange)) {
            String why = !isSafe(exchange.getRequest().getMethod())
                    ? " (a write is never replayed on the monolith)"
                    : hasBody(exchange)
                            ? " (a request with a body is never replayed: its body was streamed to the service)"
                            : " (the route has no fallback)";
            return call.onErrorResume(error ->
                    answerFailure(exchange, decision, "service " + service.name(), service.timeout(), why, error));
        }
        Mono<Void> checked = call.then(Mono.defer(() -> {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            return status != null && status.is5xxServerError()
                    ? Mono.error(new ServiceFailure(status.value()))
                    : Mono.empty();
        }));
        return breakerByService
                .computeIfAbsent(service.name(), breakers::create)
                .run(checked, error -> fallBack(exchange, chain, decision, service, state, error));
    }

    private Mono<Void> fallBack(
            ServerWebExchange exchange,
            GatewayFilterChain chain,
            RoutingDecision decision,
            ServiceEndpoint service,
            LiveState state,
            Throwable error) {
        if (exchange.getResponse().isCommitted() || RequestSizeFilter.overLimit(exchange, error)) {
            return Mono.error(error); // the caller's body failed, not the service, and it cannot be read twice
        }
        FallbackCause cause = causeOf(error);
        log.debug(
                "route {}: service {} failed ({}), answering from the monolith",
                decision.routeId(),
                service.name(),
                cause.tag());
        metrics.fallback(decision.routeId(), service.name(), cause);
        ServerWebExchangeUtils.reset(exchange);
        exchange.getResponse().setStatusCode(null);
        exchange.getAttributes().put(StranglerAttributes.SERVED_BY, Target.MONOLITH);
        exchange.getAttributes().put(StranglerAttributes.FALLBACK_CAUSE, cause);
        pointAt(
                exchange,
                () -> UpstreamUri.of(
                        exchange.getRequest().getURI(), state.table().monolith(), "", false));
        return chain.filter(exchange)
                .onErrorResume(e -> answerFailure(
                        exchange,
                        decision,
                        MONOLITH,
                        null,
                        " (after service " + service.name() + " failed: " + cause.tag() + ")",
                        e));
    }

    private static final String MONOLITH = "the monolith";

    /**
     * An upstream failed a request that is not replayed elsewhere (any request to the monolith; a write
     * to a service, or a read of a route with {@code fallback: none}): the app gets a problem detail,
     * 504 when the upstream did not answer within its timeout, 502 when it could not be reached or
     * dropped the connection, and the operator one WARN line. The failure is the upstream's, not the
     * gateway's, so no stack trace. Anything else, or a response already under way, is left to Spring's
     * error handling as before.
     *
     * @param upstream {@code the monolith} or {@code service <name>}
     * @param timeout  the upstream's timeout, null when the gateway sets none
     * @param why      what the log line adds on why nothing else was tried
     */
    private Mono<Void> answerFailure(
            ServerWebExchange exchange,
            RoutingDecision decision,
            String upstream,
            Duration timeout,
            String why,
            Throwable error) {
        HttpStatus status = error instanceof TimeoutException
                ? HttpStatus.GATEWAY_TIMEOUT
                : isIoFailure(error) ? HttpStatus.BAD_GATEWAY : null;
        ServerHttpResponse response = exchange.getResponse();
        if (status == null || response.isCommitted() || RequestSizeFilter.overLimit(exchange, error)) {
            return Mono.error(error); // a body over the limit is the caller's failure: answered 413 where it is counted
        }
        // The app learns which service failed and how, not the service's address (it is in the log).
        String detail = status == HttpStatus.GATEWAY_TIMEOUT
                ? upstream + " did not answer"
                        + (timeout == null ? " in time" : " within " + timeout.toMillis() + " ms")
                : isConnectFailure(error) ? upstream + " could not be reached" : upstream + " dropped the connection";
        HttpMethod method = exchange.getRequest().getMethod();
        log.warn(
                "route {}: {} {}: {}{}; answered {}{}",
                decision.routeId(),
                method,
                exchange.getRequest().getPath().value(),
                detail,
                status == HttpStatus.BAD_GATEWAY ? " (" + rootMessage(error) + ")" : "",
                status.value(),
                why);
        response.getHeaders().clear();
        return ProblemResponse.write(response, status, detail);
    }

    /** Whether the request carries a body (declared, or chunked): it streams once and cannot be sent again elsewhere. */
    private static boolean hasBody(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean isConnectFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIoFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static FallbackCause causeOf(Throwable error) {
        if (error instanceof ServiceFailure) {
            return FallbackCause.SERVER_ERROR;
        }
        if (error instanceof CallNotPermittedException) {
            return FallbackCause.BREAKER_OPEN;
        }
        if (error instanceof TimeoutException) {
            return FallbackCause.TIMEOUT;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return FallbackCause.CONNECT;
            }
        }
        return FallbackCause.ERROR;
    }

    /** Sends the exchange to {@code target}, made by {@link UpstreamUri}; a URI it cannot be is the client's 400. */
    static void pointAt(ServerWebExchange exchange, Supplier<URI> target) {
        try {
            URI uri = target.get();
            exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, uri);
            log.debug("pointed at {}", uri);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "malformed request URI: " + e.getMessage());
        }
    }

    static boolean isSafe(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** A 5xx from the service, turned into an error so the breaker counts it and the fallback runs. */
    static final class ServiceFailure extends RuntimeException {
        ServiceFailure(int status) {
            super("service answered " + status, null, false, false);
        }
    }
}
