package dev.strangler.catalog.auth;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The service as an OAuth2 resource server: bearer tokens are JWTs of the identity service (the gateway exchanges
 * the app's session token for one), verified against its JWKS. Without {@code jwks-uri} the service asks the
 * monolith who a session token belongs to, as before ({@link MonolithProperties}).
 *
 * @param jwksUri  the identity service's JWKS ({@code http://identity:9003/oauth2/jwks}); set: JWTs only
 * @param issuer   the {@code iss} every JWT must carry (the identity service's issuer); unset: not checked
 * @param audience an {@code aud} every JWT must include (the identity service puts its client's id there,
 *                 {@code strangler-gateway}); unset: not checked
 * @param timeout  connect and read timeout of fetching the JWKS (fetched once, then on an unknown {@code kid})
 */
@ConfigurationProperties("catalog.jwt")
@Validated
public record JwtProperties(
        URI jwksUri,
        String issuer,
        String audience,
        @NotNull @DefaultValue("2s") Duration timeout) {

    public boolean configured() {
        return jwksUri != null;
    }

    @AssertTrue(message = "catalog.jwt.jwks-uri must be an absolute http or https URL")
    private boolean isJwksUriHttp() {
        return jwksUri == null
                || ("http".equals(jwksUri.getScheme()) || "https".equals(jwksUri.getScheme()))
                        && jwksUri.getHost() != null;
    }
}
