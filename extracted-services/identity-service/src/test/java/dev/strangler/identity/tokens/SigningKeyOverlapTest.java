package dev.strangler.identity.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;

/** The overlap must cover a token's whole life, or tokens stop verifying before they expire. */
class SigningKeyOverlapTest {

    private static OAuth2AuthorizationServerProperties clientWithTokensOf(Duration ttl) {
        OAuth2AuthorizationServerProperties properties = new OAuth2AuthorizationServerProperties();
        OAuth2AuthorizationServerProperties.Client client = new OAuth2AuthorizationServerProperties.Client();
        client.getToken().setAccessTokenTimeToLive(ttl);
        properties.getClient().put("gateway", client);
        return properties;
    }

    @Test
    void anOverlapShorterThanAClientsTokenLifetimeRefusesToStartAndNamesBothSettings() {
        SigningKeyProperties keys = new SigningKeyProperties(Duration.ofDays(1), Duration.ofMinutes(5));
        assertThatThrownBy(() -> new TokenIssuerConfig()
                        .signingKeys(Clock.systemUTC(), keys, clientWithTokensOf(Duration.ofMinutes(10))))
                .hasMessageContaining("identity.signing-keys.overlap (PT5M)")
                .hasMessageContaining(
                        "spring.security.oauth2.authorizationserver.client.gateway.token.access-token-time-to-live is PT10M");
    }

    @Test
    void anOverlapAsLongAsTheTokenLifetimeIsEnough() {
        SigningKeyProperties keys = new SigningKeyProperties(Duration.ofDays(1), Duration.ofMinutes(5));
        assertThat(new TokenIssuerConfig()
                        .signingKeys(Clock.systemUTC(), keys, clientWithTokensOf(Duration.ofMinutes(5))))
                .isNotNull();
    }

    @Test
    void rotatingMoreOftenThanTheOverlapIsRefused() {
        assertThatThrownBy(() -> new SigningKeyProperties(Duration.ofMinutes(10), Duration.ofMinutes(15)))
                .hasMessageContaining("identity.signing-keys.rotate-every (PT10M) must be longer than");
    }
}
