package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The JWT a service receives through the gateway is the identity service's, intact: signed RS256 by a key of the
 * JWKS it publishes, and verified here as a resource server would (Spring Security's {@link NimbusJwtDecoder}
 * against the stub's {@code /oauth2/jwks}), with the claims the identity service puts in it.
 */
class SignedJwtPropagationTest extends GatewayTestBase {

    @Test
    void theServiceReceivesAJwtThatVerifiesAgainstTheIdentityServicesJwks() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
        String session = "session-" + UUID.randomUUID();
        String jwt = signed(key, "42", "ada@example.com", "ADMIN");
        IDENTITY.stubFor(post(urlPathEqualTo("/oauth2/token"))
                .withFormParam("subject_token", equalTo(session))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + jwt + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
        IDENTITY.stubFor(get(urlPathEqualTo("/oauth2/jwks"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(new JWKSet(key.toPublicJWK()).toString())));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withBody("service")));
        useFile("""
                monolith: %s
                services:
                  catalog: {url: "%s", credential: jwt}
                routes:
                  - {id: admin-products, paths: [/api/admin/products/**], service: catalog, mode: service}
                """.formatted(MONOLITH.baseUrl(), SERVICE.baseUrl()));

        fetch("/api/admin/products/10", "Authorization", "Bearer " + session);

        String received = SERVICE.findAll(anyRequestedFor(anyUrl())).get(0).getHeader("Authorization");
        assertThat(received).startsWith("Bearer ").doesNotContain(session);
        JwtDecoder resourceServer = NimbusJwtDecoder.withJwkSetUri(IDENTITY.baseUrl() + "/oauth2/jwks")
                .build();
        Jwt verified = resourceServer.decode(received.substring("Bearer ".length()));
        assertThat(verified.getSubject()).isEqualTo("42");
        assertThat(verified.getClaimAsString("email")).isEqualTo("ada@example.com");
        assertThat(verified.getClaimAsStringList("roles")).containsExactly("ADMIN");
        assertThat(verified.getHeaders()).containsEntry("kid", "test-key-1");
    }

    /** A JWT as the identity service makes one ({@code AccessTokenClaims}): sub is the user id, email, roles. */
    static String signed(RSAKey key, String userId, String email, String role) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("http://127.0.0.1:9003")
                .subject(userId)
                .audience("strangler-gateway")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .claim("email", email)
                .claim("roles", List.of(role))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
