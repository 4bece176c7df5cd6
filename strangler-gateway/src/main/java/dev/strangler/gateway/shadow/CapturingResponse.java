package dev.strangler.gateway.shadow;

import java.io.ByteArrayOutputStream;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Passes the monolith's response to the client untouched while keeping a copy of its first
 * {@code limit} bytes for the shadow comparison (or the recording). The client's bytes are never delayed or changed.
 */
public final class CapturingResponse extends ServerHttpResponseDecorator {

    private final int limit;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final Sinks.One<CapturedResponse> captured = Sinks.one();
    private boolean truncated;

    public CapturingResponse(ServerHttpResponse delegate, int limit) {
        super(delegate);
        this.limit = limit;
    }

    /** The status, headers and the body's first {@code limit} bytes, once the response has been written. */
    public Mono<CapturedResponse> captured() {
        return captured.asMono();
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        return super.writeWith(Flux.from(body).doOnNext(this::keep)).doFinally(s -> done());
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return super.writeAndFlushWith(
                        Flux.from(body).map(inner -> Flux.from(inner).doOnNext(this::keep)))
                .doFinally(s -> done());
    }

    @Override
    public Mono<Void> setComplete() {
        return super.setComplete().doFinally(s -> done());
    }

    private synchronized void keep(DataBuffer buffer) {
        int readable = buffer.readableByteCount();
        int room = limit - copy.size();
        if (room <= 0) {
            truncated |= readable > 0;
            return;
        }
        int take = Math.min(room, readable);
        byte[] bytes = new byte[take];
        int position = buffer.readPosition();
        buffer.read(bytes);
        buffer.readPosition(position);
        copy.write(bytes, 0, take);
        truncated |= take < readable;
    }

    private synchronized void done() {
        HttpStatusCode status = getStatusCode();
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(getHeaders());
        captured.tryEmitValue(
                new CapturedResponse(status == null ? 200 : status.value(), headers, copy.toByteArray(), truncated));
    }
}
