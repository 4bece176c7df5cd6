package dev.strangler.gateway.identity;

import dev.strangler.gateway.problem.ProblemResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the app gets when a service-bound request goes nowhere for want of an identity. A refused token gets the
 * monolith's own 401, field for field (its {@code ProblemHandler} for {@code ApiException.unauthenticated}, the same
 * body the identity service gives): the app cannot tell which side refused it. An identity service that cannot
 * tell gets 503 with {@code Retry-After}: fail closed, the session token never goes to the service instead.
 */
public final class IdentityAnswers {

    /** The monolith's detail for a token it does not know. */
    public static final String UNKNOWN_TOKEN = "The session token is unknown, expired or logged out";
    /** Seconds the app is asked to wait before it retries when the identity service cannot tell. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IdentityAnswers() {}

    /** Answers a refusal or a failure; {@code resolution} is {@link Resolution.Rejected} or {@link Resolution.Unavailable}. */
    public static Mono<Void> answer(ServerWebExchange exchange, Resolution resolution) {
        ServerHttpResponse response = exchange.getResponse();
        if (resolution instanceof Resolution.Rejected) {
            return unauthenticated(response, exchange.getRequest().getPath().value());
        }
        String why = resolution instanceof Resolution.Unavailable u ? u.why() : String.valueOf(resolution);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return ProblemResponse.write(
                response,
                HttpStatus.SERVICE_UNAVAILABLE,
                "The session could not be checked: " + detailFor(why) + "; retry later");
    }

    /** The monolith's 401 for an unknown token, with {@code instance} the request's path as the monolith sets it. */
    static Mono<Void> unauthenticated(ServerHttpResponse response, String path) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "/problems/unauthenticated");
        problem.put("title", "Authentication required");
        problem.put("status", 401);
        problem.put("detail", UNKNOWN_TOKEN);
        problem.put("instance", path);
        problem.put("code", "unauthenticated");
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(JSON.writeValueAsBytes(problem))));
    }

    /** The app learns that the identity service failed, not its address or the gateway's configuration. */
    private static String detailFor(String why) {
        return why.contains("not configured")
                ? "identity propagation is not configured in the gateway"
                : "the identity service did not answer";
    }
}
