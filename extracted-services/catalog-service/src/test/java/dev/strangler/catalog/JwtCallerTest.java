package dev.strangler.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.strangler.catalog.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code catalog.jwt.jwks-uri} set the service is an OAuth2 resource server: it takes the identity service's
 * JWTs (the gateway's exchange of the app's session token), verified against the JWKS that WireMock publishes here,
 * and never asks the monolith. Whatever fails verification is the monolith's 401, body for body.
 */
class JwtCallerTest extends CatalogServiceTestBase {

    private static final String ISSUER = "http://identity.test:9003";
    private static final WireMockServer IDENTITY = started();
    private static final RSAKey KEY = key("identity-key-1");
    /** Another key that claims the same kid: what a forger would sign with. */
    private static final RSAKey FORGER = key("identity-key-1");

    private static final String UNKNOWN_TOKEN_PROBLEM = """
            {"type":"/problems/unauthenticated","title":"Authentication required","status":401,
             "detail":"The session token is unknown, expired or logged out","instance":"/api/admin/products/10",
             "code":"unauthenticated"}""";

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("catalog.jwt.jwks-uri", () -> IDENTITY.baseUrl() + "/oauth2/jwks");
        registry.add("catalog.jwt.issuer", () -> ISSUER);
        registry.add("catalog.jwt.audience", () -> "strangler-gateway");
    }

    @BeforeEach
    void identityPublishesItsKey() {
        IDENTITY.resetAll();
        IDENTITY.stubFor(get(urlPathEqualTo("/oauth2/jwks"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(new JWKSet(KEY.toPublicJWK()).toString())));
    }

    private Api.Response patchAs(String token) {
        return api.patch("/api/admin/products/10", "{\"name\":\"Pocket Phone 2\"}", token);
    }

    @Test
    void anAdminJwtSignedByAKeyOfTheJwksMayChangeAProductAndTheMonolithIsNotAsked() {
        Api.Response r = patchAs(jwt(KEY, ISSUER, "1", "ADMIN", Instant.now().plusSeconds(300)));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo("Pocket Phone 2");
        assertThat(MONOLITH.findAll(anyRequestedFor(anyUrl())))
                .as("sessions are the identity service's now")
                .isEmpty();
    }

    @Test
    void aCustomerJwtIsForbiddenOnAdminEndpoints() {
        Api.Response r = patchAs(jwt(KEY, ISSUER, "2", "CUSTOMER", Instant.now().plusSeconds(300)));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(productRow(10).get("title")).isEqualTo("Pocket Phone");
    }

    @Test
    void aJwtWithABadSignatureIsTheMonolithsUnauthenticatedProblem() {
        Api.Response r = patchAs(jwt(FORGER, ISSUER, "1", "ADMIN", Instant.now().plusSeconds(300)));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(json(UNKNOWN_TOKEN_PROBLEM));
        assertThat(productRow(10).get("title")).isEqualTo("Pocket Phone");
    }

    @Test
    void anExpiredJwtIsTheMonolithsUnauthenticatedProblem() {
        Api.Response r = patchAs(jwt(KEY, ISSUER, "1", "ADMIN", Instant.now().minusSeconds(120)));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(json(UNKNOWN_TOKEN_PROBLEM));
    }

    @Test
    void aJwtOfAnotherIssuerIsTheMonolithsUnauthenticatedProblem() {
        Api.Response r = patchAs(jwt(
                KEY, "http://somebody-else.test", "1", "ADMIN", Instant.now().plusSeconds(300)));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(json(UNKNOWN_TOKEN_PROBLEM));
    }

    @Test
    void aSessionTokenSentStraightToTheServiceIsNotAJwtAndIsRefused() {
        Api.Response r = patchAs("session-" + UUID.randomUUID());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(json(UNKNOWN_TOKEN_PROBLEM));
        assertThat(MONOLITH.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    /** A JWT as the identity service makes one ({@code AccessTokenClaims}): sub is the user id, email, roles. */
    private static String jwt(RSAKey key, String issuer, String userId, String role, Instant expires) {
        Instant issued = expires.minusSeconds(300);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(userId)
                .audience("strangler-gateway")
                .issueTime(Date.from(issued))
                .notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim("email", "user" + userId + "@example.com")
                .claim("roles", List.of(role))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey key(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }
}
