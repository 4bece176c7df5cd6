package dev.strangler.gateway.path;

import dev.strangler.gateway.problem.ProblemResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts every request on its {@link CanonicalPath} before anything decides on it: the request is
 * mutated to the canonical raw path, so the route decision ({@code pathWithinApplication}), Spring
 * Cloud Gateway's request URL and the forwarded URL all see the same path, and the upstream has
 * nothing left to normalise. A path that cannot be made unambiguous is answered here with a 400
 * problem detail and reaches neither side. The query string is never touched. Runs right after
 * the internal headers are stripped, before every other filter.
 */
public final class CanonicalPathFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;
    private static final Logger log = LoggerFactory.getLogger(CanonicalPathFilter.class);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String raw = request.getPath().value();
        String canonical;
        try {
            canonical = CanonicalPath.of(raw);
        } catch (AmbiguousPathException e) {
            log.debug("refused {} {}: {}", request.getMethod(), raw, e.getMessage());
            return refuse(exchange.getResponse(), e.getMessage());
        }
        if (canonical == raw) {
            return chain.filter(exchange);
        }
        log.debug("path {} canonicalised to {}", raw, canonical);
        return chain.filter(exchange.mutate()
                .request(request.mutate().path(canonical).build())
                .build());
    }

    private Mono<Void> refuse(ServerHttpResponse response, String detail) {
        return ProblemResponse.write(response, HttpStatus.BAD_REQUEST, "Ambiguous request path", detail);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
