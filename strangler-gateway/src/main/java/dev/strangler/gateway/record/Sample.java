package dev.strangler.gateway.record;

import dev.strangler.gateway.api.RecordedExchange;
import dev.strangler.gateway.api.RecordedRequest;
import dev.strangler.gateway.api.RecordedResponse;
import dev.strangler.gateway.routing.Target;
import dev.strangler.gateway.shadow.CapturedResponse;
import dev.strangler.gateway.shadow.CapturingRequest;
import dev.strangler.gateway.shadow.CapturingResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;

/**
 * A request the recording took, while it is in flight: its bodies are copied (up to the limit) as they stream past,
 * never held back; once the client has its answer, the pair is redacted off the event loop and kept, or its slot is
 * given back with the reason.
 */
public final class Sample {

    private static final Logger log = LoggerFactory.getLogger(Sample.class);
    /** How long after the answer the copies may take to be complete: they are, unless the exchange broke off. */
    static final Duration CAPTURE_WAIT = Duration.ofSeconds(5);
    /** Headers that describe one hop or the gateway's own forwarding, not the app's contract. */
    private static final Set<String> NOT_RECORDED = Set.of(
            "host",
            "content-length",
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "forwarded",
            "x-forwarded-for",
            "x-forwarded-host",
            "x-forwarded-port",
            "x-forwarded-proto",
            "x-forwarded-prefix",
            "x-real-ip");

    private final Recording recording;
    private final ServerWebExchange exchange;
    private final ServerHttpRequest request;
    private final CapturingResponse response;
    private final Mono<byte[]> requestBody;
    private final Facts facts;
    private final long startNanos = System.nanoTime();

    /** What is known of the request when it starts. */
    record Facts(
            long sequence,
            Instant startedAt,
            String caller,
            String route,
            String mode,
            String template,
            String capKey) {}

    Sample(Recording recording, ServerWebExchange exchange, Facts facts) {
        this.recording = recording;
        this.request = exchange.getRequest();
        this.facts = facts;
        int limit = recording.settings().maxBodyBytes();
        this.response = new CapturingResponse(exchange.getResponse(), limit);
        HttpHeaders headers = request.getHeaders();
        ServerWebExchange.Builder wrapped = exchange.mutate().response(response);
        if (headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            CapturingRequest body = new CapturingRequest(request, limit);
            this.requestBody = body.captured();
            wrapped.request(body);
        } else {
            this.requestBody = Mono.just(new byte[0]);
        }
        this.exchange = wrapped.build();
    }

    /** The exchange to forward: the same request and response, their bodies copied as they pass. */
    public ServerWebExchange exchange() {
        return exchange;
    }

    /** The exchange ended ({@code signal}), answered by {@code servedBy}: the pair is kept, or why not is counted. */
    public void end(SignalType signal, Target servedBy) {
        if (signal != SignalType.ON_COMPLETE) {
            recording.skip(facts.capKey(), SkipReason.FAILED);
            return;
        }
        double durationMs = (System.nanoTime() - startNanos) / 1_000_000.0;
        Mono.zip(response.captured(), requestBody)
                .timeout(CAPTURE_WAIT)
                .publishOn(Schedulers.boundedElastic())
                .subscribe(
                        pair -> finish(pair.getT1(), pair.getT2(), servedBy, durationMs),
                        e -> recording.skip(
                                facts.capKey(),
                                e instanceof CapturingRequest.BodyTooLarge
                                        ? SkipReason.BODY_TOO_LARGE
                                        : SkipReason.FAILED));
    }

    private void finish(CapturedResponse answer, byte[] sent, Target servedBy, double durationMs) {
        try {
            recording.keep(redacted(answer, sent, servedBy, durationMs));
        } catch (Body.Skipped s) {
            recording.skip(facts.capKey(), s.reason());
        } catch (JacksonException e) {
            recording.skip(facts.capKey(), SkipReason.UNREADABLE_JSON);
        } catch (RuntimeException e) {
            log.debug("recording: {} {} not kept: {}", request.getMethod(), request.getPath(), e.toString());
            recording.skip(facts.capKey(), SkipReason.FAILED);
        }
    }

    private RecordedExchange redacted(CapturedResponse answer, byte[] sent, Target servedBy, double durationMs) {
        if (answer.truncated()) {
            throw new Body.Skipped(SkipReason.BODY_TOO_LARGE);
        }
        Redactor redactor = recording.redactor();
        int limit = recording.settings().maxBodyBytes();
        List<String> redactions = new ArrayList<>();
        HttpHeaders sentHeaders = request.getHeaders();
        String query = request.getURI().getRawQuery();
        String url = request.getURI().getRawPath()
                + (query == null ? "" : "?" + redactor.form(query, "request.query", redactions));
        Body requestBody = Body.of(
                sent,
                sentHeaders.getFirst(HttpHeaders.CONTENT_TYPE),
                sentHeaders.getFirst(HttpHeaders.CONTENT_ENCODING),
                limit);
        Body responseBody = Body.of(
                answer.body(),
                answer.headers().getFirst(HttpHeaders.CONTENT_TYPE),
                answer.headers().getFirst(HttpHeaders.CONTENT_ENCODING),
                limit);
        RecordedRequest recordedRequest = new RecordedRequest(
                request.getMethod().name(),
                url,
                headers(sentHeaders, requestBody, "request.headers", redactions),
                text(requestBody, "request.body", redactions),
                requestBody.base64());
        RecordedResponse recordedResponse = new RecordedResponse(
                answer.status(),
                headers(answer.headers(), responseBody, "response.headers", redactions),
                text(responseBody, "response.body", redactions),
                responseBody.base64());
        return new RecordedExchange(
                UUID.randomUUID().toString(),
                facts.sequence(),
                facts.startedAt(),
                Math.round(durationMs * 10) / 10.0,
                facts.caller(),
                facts.route(),
                facts.mode(),
                servedBy.tag(),
                facts.template(),
                recordedRequest,
                recordedResponse,
                List.copyOf(redactions));
    }

    private String text(Body body, String where, List<String> redactions) {
        Redactor redactor = recording.redactor();
        return switch (body.kind()) {
            case JSON -> redactor.json(body.text(), where, redactions);
            case FORM -> redactor.form(body.text(), where, redactions);
            case TEXT, NONE, BINARY -> body.text();
        };
    }

    /** The headers as recorded: redacted, without hop-by-hop ones, without {@code Content-Encoding} once decoded. */
    private Map<String, List<String>> headers(HttpHeaders headers, Body body, String where, List<String> redactions) {
        Redactor redactor = recording.redactor();
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (NOT_RECORDED.contains(lower) || (lower.equals("content-encoding") && body.kind() != Body.Kind.NONE)) {
                return;
            }
            List<String> kept = new ArrayList<>(values.size());
            for (String value : values) {
                String redacted = redactor.header(name, value);
                if (!Objects.equals(redacted, value)) {
                    Redactor.note(where + "." + name, redactions);
                }
                kept.add(redacted);
            }
            out.computeIfAbsent(name, n -> new ArrayList<>()).addAll(kept);
        });
        return out;
    }
}
