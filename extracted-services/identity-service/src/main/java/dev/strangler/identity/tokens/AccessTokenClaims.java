package dev.strangler.identity.tokens;

import java.util.List;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What every access token carries beyond Spring Authorization Server's standard claims: the signing key's
 * {@code kid} in the header (with two keys published, the encoder needs it to pick one, and resource
 * servers to pick the right one), and, for a token made from a session, what services need about the
 * caller: {@code sub} is the user id (set by the generator from {@link SessionSubject}), plus {@code
 * email} and {@code roles} (the monolith's role: {@code CUSTOMER} or {@code ADMIN}).
 */
class AccessTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String EMAIL = "email";
    static final String ROLES = "roles";

    private final SigningKeys keys;

    AccessTokenClaims(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        context.getJwsHeader().keyId(keys.currentKeyId());
        if (context.getPrincipal().getPrincipal() instanceof SessionSubject subject) {
            context.getClaims()
                    .claim(EMAIL, subject.caller().email())
                    .claim(ROLES, List.of(subject.caller().role().name()));
        }
    }
}
