package dev.strangler.gateway.identity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * One call to the identity service's token endpoint: OAuth 2.0 Token Exchange (RFC 8693) of the app's session
 * token for a JWT, authenticated as the gateway's client ({@code client_secret_basic}). The session token goes
 * as {@code subject_token} of type {@code access_token}: that is what it is to the identity service (an opaque
 * access token it issued at login). An answer {@code 400 invalid_grant} is a refusal of the token; anything else
 * that is not a token (401 {@code invalid_client}: the gateway's own credentials are wrong) is the identity
 * service failing, never the app's fault, so it never turns into a 401 that would log every user out.
 */
public final class TokenExchange {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    /** A JWT and how long it stays valid from now. */
    public record Exchanged(String jwt, Duration expiresIn) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenAnswer(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") Long expiresIn) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorAnswer(String error) {}

    /** The identity service refused the session token. */
    static final class Refused extends RuntimeException {
        Refused() {
            super("invalid_grant", null, false, false);
        }
    }

    /** The identity service could not say (the message says why; it never holds a token). */
    static final class Failed extends RuntimeException {
        Failed(String why) {
            super(why, null, false, false);
        }
    }

    private final WebClient client;
    private final URI tokenUri;
    private final String basicCredentials;
    private final Duration timeout;

    public TokenExchange(URI tokenUri, String clientId, String clientSecret, Duration timeout) {
        this.tokenUri = tokenUri;
        this.timeout = timeout;
        // RFC 6749 2.3.1: id and secret are form-encoded before they are joined (Spring Authorization Server decodes
        // them).
        this.basicCredentials = HttpHeaders.encodeBasicAuth(formEncoded(clientId), formEncoded(clientSecret), null);
        int connectMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                        .responseTimeout(timeout)))
                .build();
    }

    /**
     * The JWT for {@code sessionToken}; fails with {@link Refused} when the identity service does not know the
     * token, with {@link Failed} when it cannot tell.
     */
    public Mono<Exchanged> exchange(String sessionToken) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", GRANT_TYPE);
        form.add("subject_token", sessionToken);
        form.add("subject_token_type", ACCESS_TOKEN_TYPE);
        return client.post()
                .uri(tokenUri)
                .header(HttpHeaders.AUTHORIZATION, "Basic " + basicCredentials)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromFormData(form))
                .exchangeToMono(answer -> {
                    int status = answer.statusCode().value();
                    if (status == 200) {
                        return answer.bodyToMono(TokenAnswer.class)
                                .switchIfEmpty(Mono.error(new Failed("answered 200 without a body")))
                                .flatMap(TokenExchange::checked);
                    }
                    if (status == 400) {
                        return answer.bodyToMono(ErrorAnswer.class)
                                .onErrorResume(e -> Mono.empty())
                                .defaultIfEmpty(new ErrorAnswer(null))
                                .flatMap(e -> Mono.error(
                                        "invalid_grant".equals(e.error())
                                                ? new Refused()
                                                : new Failed("answered 400 " + e.error())));
                    }
                    String why = status == 401
                            ? "refused the gateway's client credentials (401; check strangler.identity.client-id and"
                                    + " client-secret)"
                            : "answered " + status;
                    return answer.releaseBody().then(Mono.error(new Failed(why)));
                })
                .timeout(timeout)
                .onErrorMap(
                        e -> !(e instanceof Refused || e instanceof Failed),
                        e -> new Failed(
                                e instanceof TimeoutException
                                        ? "did not answer within " + timeout.toMillis() + " ms"
                                        : "could not be reached ("
                                                + e.getClass().getSimpleName() + ")"));
    }

    private static Mono<Exchanged> checked(TokenAnswer answer) {
        if (answer.accessToken() == null || answer.accessToken().isBlank()) {
            return Mono.error(new Failed("answered without an access_token"));
        }
        if (answer.tokenType() != null && !"bearer".equalsIgnoreCase(answer.tokenType())) {
            return Mono.error(new Failed("answered a token of type " + answer.tokenType() + ", not Bearer"));
        }
        if (answer.expiresIn() == null || answer.expiresIn() <= 0) {
            return Mono.error(new Failed("answered without a positive expires_in"));
        }
        return Mono.just(new Exchanged(answer.accessToken(), Duration.ofSeconds(answer.expiresIn())));
    }

    private static String formEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
