package dev.strangler.catalog.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the monolith is, which holds the login sessions, and how long the service waits for it.
 * {@code caller-cache} keeps a resolved token for {@code ttl} (at most {@code max-size} tokens):
 * a logout takes up to that long to reach the service. A token the monolith does not know is
 * remembered for {@code unknown-ttl}, so a burst of requests with a bad token asks it once.
 */
@ConfigurationProperties("catalog.monolith")
@Validated
public record MonolithProperties(
        @NotNull URI baseUrl,
        @NotNull Duration connectTimeout,
        @NotNull Duration timeout,
        @Valid @NotNull CallerCache callerCache) {

    public record CallerCache(
            @NotNull Duration ttl,
            @Min(0) @Max(1_000_000) int maxSize,
            @NotNull Duration unknownTtl) {}
}
