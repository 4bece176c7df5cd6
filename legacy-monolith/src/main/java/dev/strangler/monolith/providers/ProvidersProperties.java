package dev.strangler.monolith.providers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Where the external providers are and how long we wait for them. */
@ConfigurationProperties("providers")
@Validated
public record ProvidersProperties(
        @Valid @NotNull Provider payment, @Valid @NotNull Provider notification) {

    public record Provider(
            @NotNull URI baseUrl,
            @NotNull Duration connectTimeout,
            @NotNull Duration timeout) {}
}
