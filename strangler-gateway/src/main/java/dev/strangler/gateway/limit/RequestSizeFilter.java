package dev.strangler.gateway.limit;

import dev.strangler.gateway.path.CanonicalPathFilter;
import dev.strangler.gateway.problem.ProblemResponse;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.factory.RequestSizeGatewayFilterFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses a request body larger than {@code strangler.max-request-size} with 413, as a problem detail,
 * before it costs an upstream anything. A body that declares its size ({@code Content-Length}) is refused
 * before a byte of it is read. A chunked body declares none, so its bytes are counted as they stream
 * through: once past the limit the body fails, the upstream exchange is aborted with the request
 * incomplete (no upstream acts on half a request), and the client gets the 413 unless an answer has
 * already begun.
 *
 * <p>Spring Cloud Gateway's {@link RequestSizeGatewayFilterFactory} is not used: it reads only
 * {@code Content-Length}, so a chunked body of any size passes, and it answers with an empty body and an
 * {@code errorMessage} header, not a problem detail.
 */
public final class RequestSizeFilter implements WebFilter, Ordered {

    public static final int ORDER = CanonicalPathFilter.ORDER + 1;
    /** Exchange attribute set once a chunked body has passed the limit, however its failure then surfaces upstream. */
    static final String OVER_LIMIT = RequestSizeFilter.class.getName() + ".overLimit";

    private static final Logger log = LoggerFactory.getLogger(RequestSizeFilter.class);

    private final long limit;
    private final String detail;

    public RequestSizeFilter(DataSize limit) {
        this.limit = limit.toBytes();
        this.detail = "the request body is larger than the " + readable(limit) + " this gateway accepts";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            log.debug(
                    "refused {} {}: Content-Length {} is over the limit of {} bytes",
                    request.getMethod(),
                    request.getPath(),
                    declared,
                    limit);
            return refuse(exchange);
        }
        if (declared >= 0) {
            return chain.filter(exchange); // the HTTP decoder reads exactly the declared length
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> {
                    AtomicLong seen = new AtomicLong();
                    return super.getBody().handle((buffer, sink) -> {
                        if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                            DataBufferUtils.release(buffer);
                            exchange.getAttributes().put(OVER_LIMIT, Boolean.TRUE);
                            sink.error(new RequestTooLarge(limit));
                        } else {
                            sink.next(buffer);
                        }
                    });
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build())
                .onErrorResume(e -> overLimit(exchange, e), e -> {
                    if (exchange.getResponse().isCommitted()) {
                        return Mono.error(e);
                    }
                    log.debug(
                            "refused {} {}: its chunked body grew past the limit of {} bytes",
                            request.getMethod(),
                            request.getPath(),
                            limit);
                    exchange.getResponse().getHeaders().clear();
                    return refuse(exchange);
                });
    }

    private Mono<Void> refuse(ServerWebExchange exchange) {
        return ProblemResponse.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, detail);
    }

    /**
     * Whether the exchange failed because its body passed the limit: the upstream client may report it
     * wrapped, or as the connection it then aborted, so the exchange's own mark counts too.
     */
    public static boolean overLimit(ServerWebExchange exchange, Throwable error) {
        return Boolean.TRUE.equals(exchange.getAttribute(OVER_LIMIT)) || isTooLarge(error);
    }

    /** Whether the failure is, or was caused by, a body over the limit (the upstream client may wrap it). */
    public static boolean isTooLarge(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RequestTooLarge) {
                return true;
            }
        }
        return false;
    }

    /** {@code 10 MB}, {@code 512 KB} or {@code 1000 bytes}, as the setting is written. */
    static String readable(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % (1024 * 1024) == 0) {
            return size.toMegabytes() + " MB";
        }
        return bytes % 1024 == 0 ? size.toKilobytes() + " KB" : bytes + " bytes";
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The body grew past the limit while it streamed. */
    static final class RequestTooLarge extends RuntimeException {
        RequestTooLarge(long limit) {
            super("request body over the limit of " + limit + " bytes", null, false, false);
        }
    }
}
