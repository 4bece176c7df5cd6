package dev.strangler.gateway.identity;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/** What a service-bound request carries in {@code Authorization}, or why it goes nowhere. */
public sealed interface Resolution {

    /** The service takes the app's header as sent ({@code credential: as-sent}). */
    record AsSent() implements Resolution {}

    /**
     * The service gets {@code Authorization: Bearer <jwt>}, or, when {@code jwt} is null (the app sent no bearer
     * token), no {@code Authorization} header at all.
     */
    record Forward(String jwt) implements Resolution {

        /**
         * What the service gets for a token the identity service refused (unknown, expired, logged out, or a
         * JWT the app made itself): a bearer credential that is not a JWT, so it fails in the service as the token
         * failed in the monolith. Where the service needs a caller it answers its 401 (the monolith's, for a token
         * it does not know); where it does not (a public page), it serves the request, as the monolith does with a
         * stale token. The session token itself never reaches the service.
         */
        public static final String REFUSED = "refused-by-the-gateway";

        public static Forward refused() {
            return new Forward(REFUSED);
        }

        /** The headers for the service: the app's, with {@code Authorization} replaced or removed. */
        public HttpHeaders headers(HttpHeaders incoming) {
            HttpHeaders headers = new HttpHeaders();
            headers.addAll(incoming);
            headers.remove(HttpHeaders.AUTHORIZATION);
            if (jwt != null) {
                headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + jwt);
            }
            return headers;
        }

        /**
         * The request as the service gets it. A decorator over a copy of the headers, so the original request
         * (which a fallback sends to the monolith) keeps the app's header.
         */
        public ServerHttpRequest request(ServerHttpRequest original) {
            HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(headers(original.getHeaders()));
            return new ServerHttpRequestDecorator(original) {
                @Override
                public HttpHeaders getHeaders() {
                    return headers;
                }
            };
        }
    }

    /** The identity service could not tell (down, too slow, an unexpected answer), or propagation is not set up. */
    record Unavailable(String why) implements Resolution {}
}
