package dev.strangler.identity.accounts;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How new password hashes are made; named as the monolith names it, so one setting serves both.
 *
 * @param pbkdf2Iterations PBKDF2-HMAC-SHA256 iterations for new hashes (default 600,000, OWASP's current
 *     guidance); a stored hash made with fewer is replaced on the next successful login
 */
@Validated
@ConfigurationProperties("passwords")
public record PasswordProperties(
        @DefaultValue("600000") @Positive int pbkdf2Iterations) {}
