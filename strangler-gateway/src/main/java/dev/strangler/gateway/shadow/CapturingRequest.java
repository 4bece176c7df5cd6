package dev.strangler.gateway.shadow;

import java.io.ByteArrayOutputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Lets the request body stream to the monolith while keeping a copy (up to a limit) to replay to the service; the
 * recorder keeps its copy the same way.
 */
public final class CapturingRequest extends ServerHttpRequestDecorator {

    private final int limit;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final Sinks.One<byte[]> captured = Sinks.one();
    private boolean tooLarge;

    public CapturingRequest(ServerHttpRequest delegate, int limit) {
        super(delegate);
        this.limit = limit;
    }

    /** The whole body once read, or an error when it exceeded the limit. */
    public Mono<byte[]> captured() {
        return captured.asMono();
    }

    @Override
    public Flux<DataBuffer> getBody() {
        return super.getBody().doOnNext(this::keep).doOnComplete(this::done).doOnError(e -> captured.tryEmitError(e));
    }

    private synchronized void keep(DataBuffer buffer) {
        int readable = buffer.readableByteCount();
        if (copy.size() + readable > limit) {
            tooLarge = true;
            return;
        }
        byte[] bytes = new byte[readable];
        int position = buffer.readPosition();
        buffer.read(bytes);
        buffer.readPosition(position);
        copy.write(bytes, 0, readable);
    }

    private synchronized void done() {
        if (tooLarge) {
            captured.tryEmitError(new BodyTooLarge());
        } else {
            captured.tryEmitValue(copy.toByteArray());
        }
    }

    /** The body is larger than the shadow comparison (or the recording) takes. */
    public static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super("request body larger than the limit", null, false, false);
        }
    }
}
