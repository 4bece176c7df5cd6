package dev.strangler.gateway.identity;

import dev.strangler.gateway.problem.ProblemResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What the app gets when a service-bound request goes nowhere for want of an identity: an identity service that
 * cannot tell gets 503 with {@code Retry-After}. Fail closed: the session token never goes to the service instead.
 * (A token it refuses is not answered here: it goes on to the service as a credential that fails there, see {@link
 * Resolution.Forward#REFUSED}.)
 */
public final class IdentityAnswers {

    /** Seconds the app is asked to wait before it retries when the identity service cannot tell. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private IdentityAnswers() {}

    /** Answers an identity that could not be resolved. */
    public static Mono<Void> answer(ServerWebExchange exchange, Resolution.Unavailable unavailable) {
        ServerHttpResponse response = exchange.getResponse();
        String why = unavailable.why();
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return ProblemResponse.write(
                response,
                HttpStatus.SERVICE_UNAVAILABLE,
                "The session could not be checked: " + detailFor(why) + "; retry later");
    }

    /** The app learns that the identity service failed, not its address or the gateway's configuration. */
    private static String detailFor(String why) {
        return why.contains("not configured")
                ? "identity propagation is not configured in the gateway"
                : "the identity service did not answer";
    }
}
