package dev.strangler.gateway.config;

import dev.strangler.gateway.admin.AdminApi;
import dev.strangler.gateway.admin.AdminServer;
import dev.strangler.gateway.api.ReloadStatus;
import dev.strangler.gateway.audit.AuditLog;
import dev.strangler.gateway.client.AddressRange;
import dev.strangler.gateway.client.ClientAddressResolver;
import dev.strangler.gateway.cors.PreflightPassThroughFilter;
import dev.strangler.gateway.filter.StranglerDecisionFilter;
import dev.strangler.gateway.filter.StranglerTargetFilter;
import dev.strangler.gateway.filter.StripInternalHeadersFilter;
import dev.strangler.gateway.hold.CutoverRecords;
import dev.strangler.gateway.hold.HoldCoordinator;
import dev.strangler.gateway.hold.Lease;
import dev.strangler.gateway.hold.RouteHolds;
import dev.strangler.gateway.identity.IdentityPropagation;
import dev.strangler.gateway.identity.TokenExchange;
import dev.strangler.gateway.limit.RequestSizeFilter;
import dev.strangler.gateway.live.LiveRoutes;
import dev.strangler.gateway.live.OverrideStore;
import dev.strangler.gateway.live.Pins;
import dev.strangler.gateway.metrics.StranglerMetrics;
import dev.strangler.gateway.path.CanonicalPathFilter;
import dev.strangler.gateway.progress.MigrationProgressRecords;
import dev.strangler.gateway.record.Recorder;
import dev.strangler.gateway.reload.RouteFileWatcher;
import dev.strangler.gateway.replicas.SharedState;
import dev.strangler.gateway.routing.Credential;
import dev.strangler.gateway.routing.RouteTable;
import dev.strangler.gateway.routing.ServiceEndpoint;
import dev.strangler.gateway.shadow.MismatchLog;
import dev.strangler.gateway.shadow.ShadowLimits;
import dev.strangler.gateway.shadow.ShadowMirror;
import dev.strangler.gateway.table.RouteTableCompiler;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Wires the strangler layer into Spring Cloud Gateway: one catch-all gateway route whose target the
 * strangler filters choose per request from the live route table.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

    /** The one Spring Cloud Gateway route: everything, to wherever the strangler filters point it. */
    static final String GATEWAY_ROUTE_ID = "strangler";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RouteTable initialRouteTable(GatewaySettings settings) {
        if (settings.routes() == null) {
            if (settings.monolith() == null) {
                throw new IllegalStateException(
                        "set --strangler.monolith=URL (pass-through) or --strangler.routes=FILE "
                                + "(environment STRANGLER_MONOLITH or STRANGLER_ROUTES)");
            }
            return RouteTable.empty(settings.monolith());
        }
        String text;
        try {
            text = Files.readString(settings.routes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the route file " + settings.routes().toAbsolutePath(), e);
        }
        return new RouteTableCompiler().compile(settings.routes().toString(), withMonolithDefault(text, settings));
    }

    /** A route file may leave out {@code monolith:} when the flag gives it. */
    static String withMonolithDefault(String text, GatewaySettings settings) {
        if (settings.monolith() == null || text.lines().anyMatch(l -> l.startsWith("monolith:"))) {
            return text;
        }
        return "monolith: " + settings.monolith() + "\n" + text;
    }

    @Bean
    AuditLog auditLog(GatewaySettings settings, Clock clock) {
        return new AuditLog(settings.stateDir().resolve("audit.log"), clock);
    }

    @Bean
    Lease lease(GatewaySettings settings) {
        return settings.sharedState().configured() ? Lease.replica() : Lease.alone();
    }

    /** Present only when replicas share their state ({@code strangler.shared-state.url}). */
    @Bean
    @ConditionalOnProperty("strangler.shared-state.url")
    SharedState sharedState(GatewaySettings settings, Lease lease) {
        GatewaySettings.SharedState shared = settings.sharedState();
        String replicaId =
                shared.replicaId() != null && !shared.replicaId().isBlank() ? shared.replicaId() : defaultReplicaId();
        return new SharedState(
                shared.url(),
                shared.user(),
                shared.password(),
                replicaId,
                shared.lease(),
                shared.holdReopenAfter(),
                lease);
    }

    private static String defaultReplicaId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "gateway";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Read-your-writes pins, for the process (a route-file reload keeps them); shared once the replica follows the shared state. */
    @Bean
    Pins pins() {
        return new Pins();
    }

    @Bean
    LiveRoutes liveRoutes(
            RouteTable initialRouteTable,
            AuditLog audit,
            GatewaySettings settings,
            Clock clock,
            ObjectProvider<SharedState> shared) {
        SharedState s = shared.getIfAvailable();
        return new LiveRoutes(
                initialRouteTable,
                audit,
                s != null
                        ? s.overrides()
                        : new OverrideStore(settings.stateDir().resolve("overrides.json")),
                clock);
    }

    /** The replica follows the shared state from before it serves: it holds whatever is held already. */
    @Bean
    @ConditionalOnProperty("strangler.shared-state.url")
    SharedState.Following followSharedState(
            SharedState shared,
            LiveRoutes routes,
            CutoverRecords cutovers,
            RouteHolds holds,
            Pins pins,
            MigrationProgressRecords migrations) {
        shared.start(routes, cutovers, holds, pins, migrations);
        return new SharedState.Following(shared.replicaId());
    }

    @Bean
    @ConditionalOnProperty("strangler.routes")
    RouteFileWatcher routeFileWatcher(GatewaySettings settings, LiveRoutes routes, StranglerMetrics metrics) {
        return new RouteFileWatcher(
                settings.routes(),
                settings.reloadInterval(),
                text -> {
                    ReloadStatus status =
                            routes.applyFile(settings.routes().toString(), withMonolithDefault(text, settings));
                    metrics.reload(status.accepted());
                },
                readQuietly(settings));
    }

    private static String readQuietly(GatewaySettings settings) {
        try {
            return Files.readString(settings.routes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    @Bean
    StranglerMetrics stranglerMetrics(MeterRegistry registry, LiveRoutes routes, Pins pins) {
        return new StranglerMetrics(registry, routes, pins);
    }

    @Bean
    MismatchLog mismatchLog(GatewaySettings settings, Clock clock) {
        return new MismatchLog(settings.shadow().keepMismatches(), clock);
    }

    /**
     * The JWTs of services that declare {@code credential: jwt}: exchanged at the identity service, cached. Not
     * configured, such a service gets nothing (503), and a table that declares one says so at startup.
     */
    @Bean
    IdentityPropagation identityPropagation(
            GatewaySettings settings,
            StranglerMetrics metrics,
            RouteTable initialRouteTable,
            ReactiveCircuitBreakerFactory<?, ?> breakers) {
        GatewaySettings.Identity identity = settings.identity();
        if (!identity.configured()) {
            List<String> wanting = initialRouteTable.services().values().stream()
                    .filter(s -> s.credential() == Credential.JWT)
                    .map(ServiceEndpoint::name)
                    .toList();
            if (!wanting.isEmpty()) {
                throw new IllegalStateException("the route file declares 'credential: jwt' for " + wanting
                        + " but identity propagation is not configured: set strangler.identity.token-uri and "
                        + "strangler.identity.client-secret (STRANGLER_IDENTITY_CLIENT_SECRET), or declare "
                        + "'credential: as-sent'");
            }
            return IdentityPropagation.notConfigured(metrics);
        }
        log.info(
                "identity propagation: token exchange at {} as client {}, JWTs cached for {} (at most {} tokens)",
                identity.tokenUri(),
                identity.clientId(),
                identity.cacheTtl(),
                identity.cacheMaxSize());
        return new IdentityPropagation(
                new TokenExchange(
                        identity.tokenUri(), identity.clientId(), identity.clientSecret(), identity.timeout()),
                identity.cacheTtl(),
                identity.cacheMaxSize(),
                identity.recheckAfter(),
                metrics,
                breakers.create(IdentityPropagation.BREAKER));
    }

    @Bean
    ShadowMirror shadowMirror(
            GatewaySettings settings,
            StranglerMetrics metrics,
            MismatchLog mismatches,
            Clock clock,
            IdentityPropagation identity) {
        GatewaySettings.Shadow shadow =
                settings.shadow().sizedFor(Runtime.getRuntime().maxMemory());
        log.info(
                "shadow copies: at most {} in flight ({}), bodies up to {} bytes compared",
                shadow.maxConcurrent(),
                settings.shadow().maxConcurrent() == null ? "sized from the heap" : "strangler.shadow.max-concurrent",
                shadow.maxBodyBytes());
        ConnectionProvider pool = ConnectionProvider.builder("strangler-shadow")
                .maxConnections(shadow.maxConcurrent())
                .pendingAcquireMaxCount(shadow.maxConcurrent())
                .build();
        WebClient client = WebClient.builder()
                .clientConnector(
                        new ReactorClientHttpConnector(HttpClient.create(pool).responseTimeout(shadow.timeout())))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(shadow.maxBodyBytes()))
                .build();
        return new ShadowMirror(
                client,
                new ShadowLimits(shadow.maxConcurrent(), shadow.maxBodyBytes(), shadow.timeout()),
                metrics,
                mismatches,
                clock,
                identity,
                settings.preserveHost());
    }

    @Bean
    StripInternalHeadersFilter stripInternalHeadersFilter() {
        return new StripInternalHeadersFilter();
    }

    /** CORS pre-flights reach the upstream, unless CORS is configured in the gateway for their path. */
    @Bean
    PreflightPassThroughFilter preflightPassThroughFilter(
            RouteLocator routeLocator,
            FilteringWebHandler gatewayHandler,
            GlobalCorsProperties gatewayCors,
            ApplicationContext context) {
        return new PreflightPassThroughFilter(routeLocator, gatewayHandler, gatewayCors, context);
    }

    @Bean
    CanonicalPathFilter canonicalPathFilter() {
        return new CanonicalPathFilter();
    }

    @Bean
    RequestSizeFilter requestSizeFilter(GatewaySettings settings) {
        return new RequestSizeFilter(settings.maxRequestSize());
    }

    @Bean
    StranglerDecisionFilter stranglerDecisionFilter(
            LiveRoutes routes,
            ShadowMirror shadow,
            StranglerMetrics metrics,
            RouteHolds holds,
            Pins pins,
            ClientAddressResolver clientAddress,
            Recorder recorder) {
        return new StranglerDecisionFilter(routes, shadow, metrics, holds, pins, clientAddress, recorder);
    }

    /** The share of the heap a recording's kept bodies may take: the shadow may take half, the gateway needs the rest. */
    static final int RECORDING_HEAP_SHARE_PERCENT = 20;

    /** Records sampled, redacted exchanges while a recording is on ({@code PUT /admin/recording}); memory only. */
    @Bean
    Recorder recorder(Clock clock, ClientAddressResolver clientAddress) {
        return new Recorder(
                clock, Runtime.getRuntime().maxMemory() / 100 * RECORDING_HEAP_SHARE_PERCENT, clientAddress);
    }

    /** Who a request's caller is, behind the trusted proxies; a bean, so Spring Cloud Gateway's address features can use it too. */
    @Bean
    ClientAddressResolver clientAddressResolver(GatewaySettings settings) {
        return new ClientAddressResolver(
                settings.trustedProxies().stream().map(AddressRange::parse).toList(), settings.forwardedHeader());
    }

    @Bean
    RouteHolds routeHolds(AuditLog audit, CutoverRecords cutovers, Clock clock, Lease lease) {
        return new RouteHolds(audit, cutovers, clock, lease);
    }

    @Bean
    CutoverRecords cutoverRecords(
            GatewaySettings settings, AuditLog audit, Clock clock, ObjectProvider<SharedState> shared) {
        SharedState s = shared.getIfAvailable();
        return new CutoverRecords(
                s != null
                        ? s.cutoverRecords()
                        : new CutoverRecords.InFile(settings.stateDir().resolve("cutovers.json")),
                audit,
                clock);
    }

    /** Each feature's migration progress, for the status page: kept like the cutover records. */
    @Bean
    MigrationProgressRecords migrationProgressRecords(
            GatewaySettings settings, Clock clock, ObjectProvider<SharedState> shared) {
        SharedState s = shared.getIfAvailable();
        return new MigrationProgressRecords(
                s != null
                        ? s.migrationProgress()
                        : new MigrationProgressRecords.InFile(
                                settings.stateDir().resolve("migrations.json")),
                clock);
    }

    @Bean
    StranglerTargetFilter stranglerTargetFilter(
            ReactiveCircuitBreakerFactory<?, ?> breakers, StranglerMetrics metrics, IdentityPropagation identity) {
        return new StranglerTargetFilter(breakers, metrics, identity);
    }

    @Bean
    RouteLocator stranglerRoute(RouteLocatorBuilder builder, RouteTable initialRouteTable, GatewaySettings settings) {
        return builder.routes()
                .route(
                        GATEWAY_ROUTE_ID,
                        r -> settings.preserveHost()
                                ? r.alwaysTrue()
                                        .filters(f -> f.preserveHostHeader())
                                        .uri(initialRouteTable.monolith())
                                : r.alwaysTrue().uri(initialRouteTable.monolith()))
                .build();
    }

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> breakerDefaults(GatewaySettings settings) {
        GatewaySettings.Breaker b = settings.breaker();
        // The service timeout is applied by the target filter; the breaker's own time limiter stays out of the way.
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(b.window())
                        .minimumNumberOfCalls(b.minimumCalls())
                        .failureRateThreshold(b.failureRatePercent())
                        .waitDurationInOpenState(b.openFor())
                        .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
                        // A body over the limit is the caller's failure, not the service's.
                        .ignoreException(RequestSizeFilter::isTooLarge)
                        .build())
                .timeLimiterConfig(TimeLimiterConfig.custom()
                        .timeoutDuration(Duration.ofHours(1))
                        .build())
                .build());
    }

    @Bean
    AdminApi adminApi(
            LiveRoutes routes,
            AuditLog audit,
            MismatchLog mismatches,
            StranglerMetrics metrics,
            RouteHolds holds,
            ObjectProvider<SharedState> shared,
            CutoverRecords cutovers,
            MigrationProgressRecords migrations,
            ObjectProvider<RouteFileWatcher> watcher,
            ReactiveResilience4JCircuitBreakerFactory breakers,
            Recorder recorder,
            GatewaySettings settings) {
        // Holds go through the shared state when replicas share one: granted once every live replica holds.
        HoldCoordinator coordinator = shared.getIfAvailable() != null ? shared.getIfAvailable() : holds;
        return new AdminApi(
                routes,
                audit,
                mismatches,
                metrics,
                holds,
                coordinator,
                cutovers,
                migrations,
                watcher.getIfAvailable(),
                breakers.getCircuitBreakerRegistry(),
                recorder,
                settings.admin().token(),
                settings.admin().readToken());
    }

    @Bean
    AdminServer adminServer(AdminApi api, GatewaySettings settings) {
        return new AdminServer(
                api, settings.admin().bindAddress(), settings.admin().port());
    }
}
