package dev.strangler.gateway.filter;

import dev.strangler.gateway.routing.ShadowOptions;
import dev.strangler.gateway.shadow.ShadowMirror;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

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
        List<String> internal = internalHeaders(exchange.getRequest());
        if (internal.isEmpty()) {
            return chain.filter(exchange);
        }
        ServerHttpRequest stripped = exchange.getRequest()
                .mutate()
                .headers(h -> internal.forEach(h::remove))
                .build();
        return chain.filter(exchange.mutate().request(stripped).build());
    }

    /**
     * The internal headers the request carries. Every request passes here, and almost none carries one: on Reactor
     * Netty the names are read from Netty's own headers as they are; Spring's {@code headerNames()} builds a
     * case-insensitive set of every name first (a lower-cased copy of each), which the load benchmark's profile
     * showed as most of this filter's time.
     */
    static List<String> internalHeaders(ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        // This filter runs first, so the request's headers are the native ones (a transformer before the filters
        // only removes forwarded headers; removing a name the request no longer has changes nothing).
        if (nativeRequest instanceof HttpServerRequest netty) {
            List<String> internal = null;
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it =
                            netty.requestHeaders().iteratorCharSequence();
                    it.hasNext(); ) {
                CharSequence name = it.next().getKey();
                if (AsciiString.regionMatches(
                        name, true, 0, INTERNAL_HEADER_PREFIX, 0, INTERNAL_HEADER_PREFIX.length())) {
                    if (internal == null) {
                        internal = new ArrayList<>();
                    }
                    String n = name.toString();
                    if (!internal.contains(n)) {
                        internal.add(n);
                    }
                }
            }
            return internal == null ? List.of() : internal;
        }
        return request.getHeaders().headerNames().stream()
                .filter(StripInternalHeadersFilter::isInternal)
                .toList();
    }

    static boolean isInternal(String header) {
        return header.regionMatches(true, 0, INTERNAL_HEADER_PREFIX, 0, INTERNAL_HEADER_PREFIX.length());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
