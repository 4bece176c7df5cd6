package dev.strangler.monolith.seed;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** What the seed-data generator puts into an empty database ({@code --seed.products=N}). */
@ConfigurationProperties("seed")
@Validated
record SeedProperties(
        @Min(0) @Max(10_000_000) int products,
        @NotBlank String adminEmail,
        @NotBlank String adminPassword,
        @NotBlank String demoEmail,
        @NotBlank String demoPassword) {}
