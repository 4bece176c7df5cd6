package dev.strangler.gateway.cors;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Mono;

/**
 * Sends a CORS pre-flight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 * to the side that serves its route, like any other request, so the upstream that knows its origins
 * answers it.
 *
 * <p>Why a filter: WebFlux's {@code DispatcherHandler} answers every pre-flight itself. It asks the
 * handler mappings for a handler, lets them apply the gateway's own CORS configuration, and never
 * invokes the handler; with no configuration that is a 200 with no {@code Access-Control-*} header,
 * and the browser then refuses every cross-origin write. Spring Cloud Gateway inherits this
 * (spring-cloud-gateway#229, #830). This filter, the last web filter, hands such a request to the
 * gateway's route itself, as the dispatcher does for any other request: the strangler filters decide,
 * hold, count and proxy it the same way.
 *
 * <p>CORS configured in the gateway on purpose ({@code spring.cloud.gateway.globalcors.cors-configurations})
 * still wins for the paths it names: there Spring answers the pre-flight as before.
 */
public final class PreflightPassThroughFilter implements WebFilter, Ordered {

    /** Last: every other web filter (the canonical path first) has run, as for any request. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

    private static final Logger log = LoggerFactory.getLogger(PreflightPassThroughFilter.class);

    private final RouteLocator routes;
    private final WebHandler gateway;
    private final GlobalCorsProperties gatewayCors;
    private final ApplicationContext gatewayContext;

    /**
     * @param routes      the gateway's routes (the caching locator Spring Cloud Gateway dispatches on)
     * @param gateway     the gateway's own handler, which runs the global and route filters
     * @param gatewayCors CORS configured in the gateway itself, usually none
     * @param gatewayContext the context of the gateway's own server: the management server's child context
     *                    inherits this filter, and its pre-flights are not the monolith's
     */
    public PreflightPassThroughFilter(
            RouteLocator routes,
            WebHandler gateway,
            GlobalCorsProperties gatewayCors,
            ApplicationContext gatewayContext) {
        this.routes = routes;
        this.gateway = gateway;
        this.gatewayCors = gatewayCors;
        this.gatewayContext = gatewayContext;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!CorsUtils.isPreFlightRequest(exchange.getRequest())
                || exchange.getApplicationContext() != gatewayContext
                || configuredInGateway(exchange)) {
            return chain.filter(exchange);
        }
        return routes.getRoutes()
                .filterWhen(route -> route.getPredicate().apply(exchange))
                .next()
                .map(route -> forward(exchange, route))
                .defaultIfEmpty(Mono.defer(() -> chain.filter(exchange)))
                .flatMap(answer -> answer);
    }

    private Mono<Void> forward(ServerWebExchange exchange, Route route) {
        log.debug("pre-flight {} passed to route {}", exchange.getRequest().getPath(), route.getId());
        exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, route);
        return gateway.handle(exchange);
    }

    /** Whether the gateway's own CORS configuration covers this path (read per pre-flight: it may change with routes). */
    private boolean configuredInGateway(ServerWebExchange exchange) {
        Map<String, CorsConfiguration> configured = gatewayCors.getCorsConfigurations();
        if (configured.isEmpty()) {
            return false;
        }
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.setCorsConfigurations(configured);
        return source.getCorsConfiguration(exchange) != null;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
