package dev.strangler.identity.tokens;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The access tokens' signing keys.
 *
 * @param rotateEvery how often a new signing key replaces the current one (default 1 day)
 * @param overlap how long a replaced key stays published in the JWKS after it stopped signing (default 15
 *     minutes); it must outlast the longest access token it signed plus the resource servers' JWKS
 *     cache, or tokens it signed stop verifying before they expire
 */
@Validated
@ConfigurationProperties("identity.signing-keys")
public record SigningKeyProperties(
        @DefaultValue("1d") Duration rotateEvery,
        @DefaultValue("15m") Duration overlap) {

    public SigningKeyProperties {
        if (rotateEvery.compareTo(overlap) <= 0) {
            throw new IllegalArgumentException("identity.signing-keys.rotate-every (" + rotateEvery
                    + ") must be longer than identity.signing-keys.overlap (" + overlap
                    + "), or more than two keys are published at once");
        }
    }
}
