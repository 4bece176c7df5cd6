package dev.strangler.catalog.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strangler.catalog.errors.ApiException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Resolves a bearer token to its {@link Caller} by asking the monolith ({@code GET /api/users/me}),
 * where the sessions live. Resolved callers are kept for a few seconds in a bounded cache keyed by
 * the token's SHA-256 (never the token itself); failures are not cached.
 */
final class MonolithSessions implements Callers {

    private static final Logger log = LoggerFactory.getLogger(MonolithSessions.class);
    static final String UNKNOWN_TOKEN = "The session token is unknown, expired or logged out";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UserView(Long id, String email, String role) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Problem(String detail) {}

    /**
     * A session check that fails on the way (the monolith stalled past the read timeout, or dropped a
     * kept-alive connection) is asked once more: it is a read, and one stall of the monolith should not
     * turn into a 503 for the app. Answers, even errors, are never asked again.
     */
    private static final RetryTemplate ONCE_MORE_ON_IO_FAILURE = new RetryTemplate(RetryPolicy.builder()
            .maxRetries(1)
            .delay(Duration.ofMillis(50))
            .predicate(MonolithSessions::failedOnTheWay)
            .build());

    /** What the monolith said of a token: who it is, or that it does not know it (its own wording). */
    private sealed interface Answer {}

    private record Known(Caller caller) implements Answer {}

    private record Unknown(String detail) implements Answer {}

    private final RestClient monolith;
    private final Cache<String, Answer> callers;

    MonolithSessions(MonolithProperties properties) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(properties.timeout());
        this.monolith = RestClient.builder()
                .baseUrl(properties.baseUrl().toString())
                .requestFactory(factory)
                .build();
        this.callers = Caffeine.newBuilder()
                .expireAfterWrite(properties.callerCache().ttl())
                .maximumSize(properties.callerCache().maxSize())
                .build();
    }

    /**
     * The caller owning {@code token}; 401 when the monolith does not know it, 502/503 when it cannot
     * tell (not remembered). Concurrent look-ups of one token wait for one question to the monolith.
     */
    @Override
    public Caller resolve(String token) {
        Answer answer = callers.get(sha256(token), key -> askMonolith(token));
        if (answer instanceof Unknown unknown) {
            throw ApiException.unauthenticated(unknown.detail());
        }
        return ((Known) answer).caller();
    }

    private Answer askMonolith(String token) {
        try {
            return ONCE_MORE_ON_IO_FAILURE.invoke(() -> monolith.get()
                    .uri("/api/users/me")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange((request, response) -> {
                        if (response.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
                            return new Unknown(detailOf(response.bodyTo(Problem.class)));
                        }
                        if (!response.getStatusCode().is2xxSuccessful()) {
                            throw ApiException.authUpstreamError(
                                    "it answered " + response.getStatusCode().value());
                        }
                        UserView user = response.bodyTo(UserView.class);
                        if (user == null || user.id() == null || user.role() == null) {
                            throw ApiException.authUpstreamError("it answered without a user id and role");
                        }
                        return new Known(new Caller(user.id(), user.email(), user.role()));
                    }));
        } catch (ResourceAccessException e) {
            log.warn("monolith session check failed: {}", e.getMessage());
            throw ApiException.authUnavailable();
        } catch (RestClientException e) {
            // The read timeout also bounds reading the body: a body cut short is the monolith being slow,
            // not answering wrongly. Jackson's own parse errors are not IOExceptions.
            if (e.getMostSpecificCause() instanceof IOException) {
                log.warn(
                        "monolith session check failed while reading its answer: {}",
                        e.getMostSpecificCause().getMessage());
                throw ApiException.authUnavailable();
            }
            log.warn("monolith session check answered unreadably: {}", e.getMessage());
            throw ApiException.authUpstreamError("its answer could not be read");
        }
    }

    private static boolean failedOnTheWay(Throwable e) {
        return e instanceof ResourceAccessException
                || e instanceof RestClientException r && r.getMostSpecificCause() instanceof IOException;
    }

    /** The monolith's own wording, so a 401 reads the same whichever side answered. */
    private static String detailOf(Problem problem) {
        return problem == null || problem.detail() == null ? UNKNOWN_TOKEN : problem.detail();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
