package dev.strangler.catalog.auth;

import dev.strangler.catalog.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Resolves the caller from a JWT of the identity service: RS256 signature by a key of its JWKS (cached, refetched on
 * an unknown {@code kid}), {@code exp}/{@code nbf} (Spring's default clock skew, 60 s), and the configured issuer and
 * audience. Claims, as {@code AccessTokenClaims} of the identity service writes them: {@code sub} the user id,
 * {@code email}, {@code roles} ({@code ["CUSTOMER"]} or {@code ["ADMIN"]}). A token that fails any of this is
 * answered exactly as the monolith answers an unknown session token; a JWKS that cannot be fetched is 503.
 */
final class JwtCallers implements Callers {

    private static final Logger log = LoggerFactory.getLogger(JwtCallers.class);
    static final String EMAIL = "email";
    static final String ROLES = "roles";

    private final NimbusJwtDecoder decoder;

    JwtCallers(JwtProperties properties) {
        SimpleClientHttpRequestFactory http = new SimpleClientHttpRequestFactory();
        http.setConnectTimeout(properties.timeout());
        http.setReadTimeout(properties.timeout());
        this.decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .restOperations(new RestTemplate(http))
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(
                properties.issuer() == null || properties.issuer().isBlank()
                        ? JwtValidators.createDefault()
                        : JwtValidators.createDefaultWithIssuer(properties.issuer()));
        if (properties.audience() != null && !properties.audience().isBlank()) {
            validators.add(new JwtClaimValidator<List<String>>(
                    JwtClaimNames.AUD, aud -> aud != null && aud.contains(properties.audience())));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    }

    @Override
    public Caller resolve(String token) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (BadJwtException e) {
            // Malformed, bad signature, unknown key, expired, wrong issuer or audience: never say which to the app.
            log.debug("bearer token refused: {}", e.getMessage());
            throw ApiException.unauthenticated(MonolithSessions.UNKNOWN_TOKEN);
        } catch (JwtException e) {
            log.warn("JWT could not be checked: {}", e.getMessage());
            throw ApiException.authUnavailable();
        }
        return callerOf(jwt);
    }

    /** The caller the JWT names; a JWT without a numeric user id or a role names nobody: 401. */
    static Caller callerOf(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList(ROLES);
        long userId;
        try {
            userId = Long.parseLong(jwt.getSubject());
        } catch (NumberFormatException e) {
            throw ApiException.unauthenticated(MonolithSessions.UNKNOWN_TOKEN);
        }
        if (roles == null || roles.isEmpty()) {
            throw ApiException.unauthenticated(MonolithSessions.UNKNOWN_TOKEN);
        }
        String role = roles.contains(Caller.ADMIN) ? Caller.ADMIN : roles.get(0);
        return new Caller(userId, jwt.getClaimAsString(EMAIL), role);
    }
}
