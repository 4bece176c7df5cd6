package dev.strangler.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.identity.tokens.SigningKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Key rotation as a service verifying against the JWKS sees it: after a rotation both keys are
 * published for the overlap, tokens signed by the old key keep verifying, new tokens are signed by the
 * new key; after the overlap only the new key is published.
 */
class SigningKeyRotationTest extends IdentityServiceTestBase {

    @Autowired
    SigningKeys keys;

    private List<String> publishedKeyIds() {
        List<String> kids = new ArrayList<>();
        api.get("/oauth2/jwks", null)
                .json()
                .get("keys")
                .forEach(k -> kids.add(k.get("kid").asString()));
        return kids;
    }

    /** A fresh decoder each time, as a service whose JWKS cache is empty. */
    private Jwt verified(String token) {
        return NimbusJwtDecoder.withJwkSetUri(api.baseUrl() + "/oauth2/jwks")
                .build()
                .decode(token);
    }

    private String accessToken(String session) {
        return exchange(session).json().get("access_token").asString();
    }

    @Test
    void duringTheOverlapTheOldKeysTokensStillVerifyAndTheNewKeySignsNewTokens() {
        String session = registeredAndLoggedIn(uniqueEmail("olivia"), "password-1");
        String oldToken = accessToken(session);
        String oldKid = verified(oldToken).getHeaders().get("kid").toString();
        assertThat(publishedKeyIds()).startsWith(oldKid);

        keys.rotate();

        String newKid = keys.currentKeyId();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(publishedKeyIds())
                .as("two keys published during the overlap, the signing one first")
                .containsExactly(newKid, oldKid);
        assertThat(verified(oldToken).getHeaders())
                .as("a token signed by the replaced key still verifies")
                .containsEntry("kid", oldKid);
        String newToken = accessToken(session);
        assertThat(verified(newToken).getHeaders())
                .as("new tokens are signed by the new key")
                .containsEntry("kid", newKid);

        clock.advance(Duration.ofMinutes(16));

        assertThat(publishedKeyIds())
                .as("past the 15-minute overlap the replaced key is withdrawn")
                .containsExactly(newKid);
        assertThatThrownBy(() -> verified(oldToken)).isInstanceOf(JwtException.class);
        assertThat(verified(newToken).getSubject())
                .isEqualTo(verified(accessToken(session)).getSubject());
    }

    @Test
    void aServiceThatCachedTheJwksBeforeARotationVerifiesTheNewKeysTokens() {
        String session = registeredAndLoggedIn(uniqueEmail("paul"), "password-1");
        JwtDecoder cachingService =
                NimbusJwtDecoder.withJwkSetUri(api.baseUrl() + "/oauth2/jwks").build();
        cachingService.decode(accessToken(session));

        keys.rotate();

        assertThat(cachingService.decode(accessToken(session)).getHeaders())
                .as("an unknown kid makes Spring's decoder fetch the JWKS again")
                .containsEntry("kid", keys.currentKeyId());
    }

    @Test
    void theJwksPublishesOnlyPublicKeys() {
        api.get("/oauth2/jwks", null).json().get("keys").forEach(k -> {
            assertThat(k.get("kty").asString()).isEqualTo("RSA");
            assertThat(k.get("use").asString()).isEqualTo("sig");
            assertThat(k.has("d")).as("no private exponent").isFalse();
        });
    }
}
