package dev.strangler.gateway.shadow;

import dev.strangler.compare.ResponseComparator;
import dev.strangler.gateway.identity.IdentityPropagation;
import dev.strangler.gateway.identity.Resolution;
import dev.strangler.gateway.metrics.ShadowResult;
import dev.strangler.gateway.metrics.StranglerMetrics;
import dev.strangler.gateway.routing.LiveState;
import dev.strangler.gateway.routing.RoutingDecision;
import dev.strangler.gateway.routing.ServiceEndpoint;
import dev.strangler.gateway.routing.ShadowOptions;
import dev.strangler.gateway.routing.UpstreamUri;
import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.function.Tuple2;

/**
 * Shadow traffic: the client gets the monolith's answer, unchanged and undelayed; a copy of the
 * request goes to the service in the background and the two answers are compared. At most
 * {@code max-concurrent} copies are in flight; beyond that they are dropped and counted, so a slow
 * or dead service never costs the client anything. Unsafe methods are mirrored only when the route
 * opts in, marked with {@value ShadowOptions#DRY_RUN_HEADER}. A service that takes a JWT gets the copy with
 * one in place of the app's token ({@link IdentityPropagation}); without one, no copy is sent (skipped when the token
 * was refused, an error when the identity service could not tell).
 */
public final class ShadowMirror {

    /** Marks a shadow copy of a request, so the service can tell it from real traffic. */
    public static final String SHADOW_HEADER = "X-Strangler-Shadow";

    private static final Logger log = LoggerFactory.getLogger(ShadowMirror.class);
    private static final Set<String> NOT_COPIED = Set.of(
            "host",
            "content-length",
            "connection",
            "keep-alive",
            "transfer-encoding",
            "te",
            "trailer",
            "upgrade",
            "proxy-authorization",
            "proxy-authenticate");

    private final WebClient client;
    private final ShadowLimits limits;
    private final StranglerMetrics metrics;
    private final MismatchLog mismatches;
    private final ResponseComparator comparator = new ResponseComparator();
    private final Semaphore permits;
    private final Clock clock;
    private final IdentityPropagation identity;

    /**
     * Whether the service's copy carries the client's {@code Host}, as the request to the monolith does when the
     * gateway preserves it: an app that writes absolute links (HAL) builds them from it, so without it every link of
     * the service's answer names the service's own address and differs from the monolith's.
     */
    private final boolean preserveHost;

    public ShadowMirror(
            WebClient client,
            ShadowLimits limits,
            StranglerMetrics metrics,
            MismatchLog mismatches,
            Clock clock,
            IdentityPropagation identity,
            boolean preserveHost) {
        this.identity = identity;
        this.preserveHost = preserveHost;
        this.client = client;
        this.limits = limits;
        this.metrics = metrics;
        this.mismatches = mismatches;
        this.permits = new Semaphore(limits.maxConcurrent());
        this.clock = clock;
    }

    public MismatchLog mismatches() {
        return mismatches;
    }

    /** Starts the shadow copy of this request and returns the exchange to forward to the monolith. */
    public ServerWebExchange attach(ServerWebExchange exchange, RoutingDecision decision, LiveState state) {
        String route = decision.routeId();
        ShadowOptions options = decision.route().shadow();
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        boolean safe =
                HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method);
        if (!safe && !options.mirrorUnsafe()) {
            metrics.shadow(route, ShadowResult.SKIPPED);
            return exchange;
        }
        if (!permits.tryAcquire()) {
            metrics.shadow(route, ShadowResult.DROPPED);
            return exchange;
        }
        ServiceEndpoint service = state.table().services().get(decision.route().service());
        CapturingResponse response = new CapturingResponse(exchange.getResponse(), limits.maxBodyBytes());
        CapturingRequest capturingRequest = safe ? null : new CapturingRequest(request, limits.maxBodyBytes());
        Mono<byte[]> body = safe ? Mono.just(new byte[0]) : capturingRequest.captured();
        URI serviceUri = service.upstream(request.getURI(), state.table().pathCase());
        String path = request.getURI().getRawPath();
        // Resolved when the copy is sent, not before: the client's request to the monolith never waits for it.
        Mono<HttpHeaders> serviceHeaders = Mono.defer(() -> serviceHeaders(service, request.getHeaders()));
        if (safe && !options.delay().isZero()) {
            replica(
                    route,
                    method,
                    path,
                    serviceUri,
                    UpstreamUri.of(request.getURI(), state.table().monolith(), "", false),
                    request.getHeaders(),
                    serviceHeaders,
                    options,
                    response);
            return exchange.mutate().response(response).build();
        }
        Mono<CapturedResponse> fromService =
                body.flatMap(b -> serviceHeaders.flatMap(headers -> send(method, serviceUri, headers, b, !safe)));
        Mono<Set<String>> noise = safe && options.learnNoise()
                ? send(
                                method,
                                UpstreamUri.of(request.getURI(), state.table().monolith(), "", false),
                                request.getHeaders(),
                                new byte[0],
                                false)
                        .zipWith(
                                response.captured(),
                                (second, first) -> comparator.volatilePaths(first.compared(), second.compared()))
                : Mono.just(Set.of());
        Mono.zip(response.captured(), fromService, noise)
                .timeout(limits.timeout().multipliedBy(2))
                .publishOn(Schedulers.boundedElastic())
                .doFinally(s -> permits.release())
                .subscribe(
                        t -> compare(route, method.name(), path, options, t.getT1(), t.getT2(), t.getT3()),
                        e -> failed(route, e));
        ServerWebExchange.Builder mutated = exchange.mutate().response(response);
        if (capturingRequest != null) {
            mutated.request(capturingRequest);
        }
        return mutated.build();
    }

    /** How often a replica-mode difference is checked again before it counts as a mismatch. */
    static final int REPLICA_RECHECKS = 2;

    /**
     * A service whose data is replicated from the monolith ({@code delay} set): once the monolith has
     * answered the client, wait the delay, then ask both sides at once and compare. A difference is
     * asked again after the delay, up to {@value #REPLICA_RECHECKS} times, and counts as a mismatch
     * only if it stays: replication lag and writes landing between the two answers settle, a wrong
     * service does not.
     */
    private void replica(
            String route,
            HttpMethod method,
            String path,
            URI serviceUri,
            URI monolithUri,
            HttpHeaders headers,
            Mono<HttpHeaders> serviceHeaders,
            ShadowOptions options,
            CapturingResponse response) {
        response.captured()
                .then(serviceHeaders)
                .flatMap(toService -> replicaAttempt(
                        route, method, serviceUri, monolithUri, headers, toService, options, REPLICA_RECHECKS))
                .timeout(limits.timeout().multipliedBy(2).plus(options.delay()).multipliedBy(REPLICA_RECHECKS + 1))
                .publishOn(Schedulers.boundedElastic())
                .doFinally(s -> permits.release())
                .subscribe(
                        pair -> compare(route, method.name(), path, options, pair.getT1(), pair.getT2(), Set.of()),
                        e -> failed(route, e));
    }

    private Mono<Tuple2<CapturedResponse, CapturedResponse>> replicaAttempt(
            String route,
            HttpMethod method,
            URI serviceUri,
            URI monolithUri,
            HttpHeaders headers,
            HttpHeaders serviceHeaders,
            ShadowOptions options,
            int rechecksLeft) {
        return Mono.delay(options.delay())
                .then(Mono.zip(
                        send(method, monolithUri, headers, new byte[0], false),
                        send(method, serviceUri, serviceHeaders, new byte[0], false)))
                .flatMap(pair -> rechecksLeft == 0
                                || comparator
                                        .differences(
                                                pair.getT1().compared(),
                                                pair.getT2().compared(),
                                                options.headers(),
                                                options.ignore(),
                                                noise(route, options, Set.of()))
                                        .isEmpty()
                        ? Mono.just(pair)
                        : replicaAttempt(
                                route,
                                method,
                                serviceUri,
                                monolithUri,
                                headers,
                                serviceHeaders,
                                options,
                                rechecksLeft - 1));
    }

    private void compare(
            String route,
            String method,
            String path,
            ShadowOptions options,
            CapturedResponse monolith,
            CapturedResponse service,
            Set<String> varied) {
        mismatches.noise().saw(route, varied);
        if (monolith.truncated() || service.truncated()) {
            metrics.shadow(route, ShadowResult.SKIPPED);
            return;
        }
        List<String> differences = comparator.differences(
                monolith.compared(),
                service.compared(),
                options.headers(),
                options.ignore(),
                noise(route, options, varied));
        if (differences.isEmpty()) {
            metrics.shadow(route, ShadowResult.MATCH);
        } else {
            metrics.shadow(route, ShadowResult.MISMATCH);
            mismatches.add(route, clock.instant(), method, path, differences, monolith, service);
            log.info("shadow mismatch on route {}: {} {}: {}", route, method, path, differences);
        }
    }

    /**
     * What a comparison of the route leaves out as noise: nothing unless the route learns noise now
     * (turning {@code learn-noise} off stops using what was learned); otherwise the route's learned
     * paths and what varied between the monolith's own two answers to this very request.
     */
    private Set<String> noise(String route, ShadowOptions options, Set<String> variedNow) {
        if (!options.learnNoise()) {
            return Set.of();
        }
        Set<String> learned = mismatches.noise().ignored(route);
        if (variedNow.isEmpty()) {
            return learned;
        }
        Set<String> both = new HashSet<>(learned);
        both.addAll(variedNow);
        return both;
    }

    /**
     * The headers the service's copy carries: the app's, or with the JWT in {@code Authorization} for a service that
     * takes one (a refused token: a credential that fails there, as the monolith's copy fails with the token). When
     * the identity service cannot tell there is no copy: the service never gets the session token instead.
     */
    private Mono<HttpHeaders> serviceHeaders(ServiceEndpoint service, HttpHeaders incoming) {
        return identity.resolve(service, incoming).flatMap(resolution -> {
            if (resolution instanceof Resolution.AsSent) {
                return Mono.just(incoming);
            }
            if (resolution instanceof Resolution.Forward forward) {
                return Mono.just(forward.headers(incoming));
            }
            return Mono.error(new NoIdentity());
        });
    }

    /** No copy was sent: the service's identity could not be resolved. */
    static final class NoIdentity extends RuntimeException {
        NoIdentity() {
            super("identity service unavailable", null, false, false);
        }
    }

    private void failed(String route, Throwable e) {
        if (e instanceof CapturingRequest.BodyTooLarge || e instanceof DataBufferLimitException) {
            metrics.shadow(route, ShadowResult.SKIPPED);
        } else {
            metrics.shadow(route, ShadowResult.ERROR);
            log.debug("shadow request on route {} failed: {}", route, e.toString());
        }
    }

    private Mono<CapturedResponse> send(HttpMethod method, URI uri, HttpHeaders incoming, byte[] body, boolean dryRun) {
        WebClient.RequestBodySpec spec = client.method(method).uri(uri).headers(h -> {
            incoming.forEach((name, values) -> {
                if (!NOT_COPIED.contains(name.toLowerCase())) {
                    h.addAll(name, values);
                }
            });
            String host = incoming.getFirst(HttpHeaders.HOST);
            if (preserveHost && host != null) {
                h.set(HttpHeaders.HOST, host);
            }
            h.set(SHADOW_HEADER, "true");
            if (dryRun) {
                h.set(ShadowOptions.DRY_RUN_HEADER, "true");
            }
        });
        WebClient.RequestHeadersSpec<?> ready = body.length == 0 ? spec : spec.bodyValue(body);
        return ready.exchangeToMono(r -> r.bodyToMono(byte[].class)
                        .defaultIfEmpty(new byte[0])
                        .map(b -> {
                            HttpHeaders headers = new HttpHeaders();
                            headers.addAll(r.headers().asHttpHeaders());
                            return new CapturedResponse(r.statusCode().value(), headers, b, false);
                        }))
                .timeout(limits.timeout());
    }
}
