package dev.strangler.gateway.filter;

import dev.strangler.gateway.routing.ShadowOptions;
import dev.strangler.gateway.shadow.ShadowMirror;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Removes every {@code X-Strangler-*} header a client sent, before anything reads the request: those
 * headers are the gateway's own (shadow marks, dry runs), and a client must not be able to forge them.
 */
public final class StripInternalHeadersFilter implements WebFilter, Ordered {

    /**
     * Request headers with this prefix steer the gateway internally (the shadow mark
     * {@link ShadowMirror#SHADOW_HEADER}, the dry run {@link ShadowOptions#DRY_RUN_HEADER}); clients'
     * copies are removed on arrival.
     */
    public static final String INTERNAL_HEADER_PREFIX = "X-Strangler-";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        List<String> internal = exchange.getRequest().getHeaders().headerNames().stream()
                .filter(StripInternalHeadersFilter::isInternal)
                .toList();
        if (internal.isEmpty()) {
            return chain.filter(exchange);
        }
        ServerHttpRequest stripped = exchange.getRequest()
                .mutate()
                .headers(h -> internal.forEach(h::remove))
                .build();
        return chain.filter(exchange.mutate().request(stripped).build());
    }

    static boolean isInternal(String header) {
        return header.regionMatches(true, 0, INTERNAL_HEADER_PREFIX, 0, INTERNAL_HEADER_PREFIX.length());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
