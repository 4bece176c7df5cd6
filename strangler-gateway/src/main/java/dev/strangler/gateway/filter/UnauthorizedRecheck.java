package dev.strangler.gateway.filter;

import dev.strangler.gateway.routing.Pin;
import java.time.Duration;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * Sends a request to the monolith again while the monolith does not know its caller (401) and the caller's pin to a
 * service lasts: the caller's last write, a login at a service that took the sessions over, reaches the monolith by
 * the reverse stream a moment later. A 401 means the monolith did nothing with the request, so it is safe to send
 * again, body included; the answer the app gets is the last one (a 401 still, once the pin has ended). The first
 * answer's connection is closed unread, as Spring Cloud Gateway's own retry does.
 *
 * <p>Only a request whose body is declared and at most {@link #MAX_BODY} bytes (or absent) is sent again: its body
 * is read once into memory; any other goes once, as before.
 */
final class UnauthorizedRecheck {

    /** The largest body kept in memory to be sent again. */
    static final int MAX_BODY = 64 * 1024;

    private final ServerWebExchange exchange;
    private final GatewayFilterChain chain;
    private final Pin pin;
    private final Duration every;
    private final Runnable counted;

    UnauthorizedRecheck(
            ServerWebExchange exchange, GatewayFilterChain chain, Pin pin, Duration every, Runnable counted) {
        this.exchange = exchange;
        this.chain = chain;
        this.pin = pin;
        this.every = every;
        this.counted = counted;
    }

    /** Whether the request can be sent twice: no body, or one of declared length within {@link #MAX_BODY}. */
    static boolean resendable(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return false;
        }
        long length = headers.getContentLength();
        return length <= MAX_BODY;
    }

    /** The exchange with its body (if any) read into memory, so that each sending gets all of it. */
    static Mono<ServerWebExchange> buffered(ServerWebExchange exchange) {
        if (exchange.getRequest().getHeaders().getContentLength() <= 0) {
            return Mono.just(exchange);
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BODY)
                .map(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    ServerHttpRequest again = new ServerHttpRequestDecorator(exchange.getRequest()) {
                        @Override
                        public Flux<DataBuffer> getBody() {
                            return Flux.defer(() -> Flux.just(
                                    exchange.getResponse().bufferFactory().wrap(bytes)));
                        }
                    };
                    return exchange.mutate().request(again).build();
                })
                .defaultIfEmpty(exchange);
    }

    Mono<Void> send() {
        return chain.filter(exchange).then(Mono.defer(() -> {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            if (status == null
                    || status.value() != HttpStatus.UNAUTHORIZED.value()
                    || !pin.live(System.nanoTime() + every.toNanos())) {
                return Mono.<Void>empty();
            }
            Connection unread = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR);
            if (unread != null) {
                unread.dispose();
                exchange.getAttributes().remove(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR);
            }
            ServerWebExchangeUtils.reset(exchange);
            exchange.getResponse().setStatusCode(null);
            counted.run();
            return Mono.delay(every).then(Mono.defer(this::send));
        }));
    }
}
