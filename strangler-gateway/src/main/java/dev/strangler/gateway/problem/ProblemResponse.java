package dev.strangler.gateway.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer of the gateway's own, as an RFC 9457 problem detail ({@code application/problem+json}):
 * the one place its shape is written, for every filter that answers by itself.
 */
public final class ProblemResponse {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponse() {}

    /** The problem titled with the status's reason phrase. */
    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String detail) {
        return write(response, status, status.getReasonPhrase(), detail);
    }

    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(JSON.writeValueAsBytes(problem))));
    }
}
