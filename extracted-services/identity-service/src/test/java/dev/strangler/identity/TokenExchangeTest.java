package dev.strangler.identity;

import static dev.strangler.identity.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's side: it exchanges the app's session token at {@code /oauth2/token} (RFC 8693) for a
 * short-lived JWT that services verify against {@code /oauth2/jwks}, as a resource server would.
 */
class TokenExchangeTest extends IdentityServiceTestBase {

    private static final JsonNode INVALID_GRANT = json("""
            {"error":"invalid_grant"}""");

    private JwtDecoder servicesDecoder() {
        return NimbusJwtDecoder.withJwkSetUri(api.baseUrl() + "/oauth2/jwks").build();
    }

    @Test
    void exchangeReturnsAJwtThatVerifiesAgainstTheJwksWithTheUserAsSubject() {
        String email = uniqueEmail("ivy");
        String session = registeredAndLoggedIn(email, "password-1");
        long userId = api.get("/api/users/me", session).json().get("id").asLong();

        Api.Response exchanged = exchange(session);

        assertThat(exchanged.status()).as(exchanged.body()).isEqualTo(200);
        assertThat(exchanged.json().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(exchanged.json().get("issued_token_type").asString())
                .isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(exchanged.json().get("expires_in").asLong())
                .as("short-lived: the gateway client's access-token-time-to-live, 5 minutes")
                .isBetween(290L, 300L);
        Jwt jwt = servicesDecoder().decode(exchanged.json().get("access_token").asString());
        assertThat(jwt.getSubject()).isEqualTo(Long.toString(userId));
        assertThat(jwt.getClaimAsString("email")).isEqualTo(email.toLowerCase());
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("CUSTOMER");
        assertThat(jwt.getAudience()).containsExactly(GATEWAY_ID);
        assertThat(jwt.getIssuer()).hasToString("http://127.0.0.1:9003");
        assertThat(jwt.getHeaders()).containsKey("kid").containsEntry("alg", "RS256");
        assertThat(Duration.between(Instant.now(), jwt.getExpiresAt())).isLessThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aSessionTheMonolithIssuedAndCdcCopiedWorksHereForTheAppAndForExchange() throws Exception {
        String token = "monolith-session-token-made-at-its-login-0001";
        String tokenHash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        cdcWrites("""
                INSERT INTO users (id, email, password_hash, display_name, role, created_at)
                  VALUES (900100, 'copied@example.com', 'pbkdf2$1$AAAA$AAAA', 'Copied', 'CUSTOMER', '2021-05-01T10:00:00Z');
                INSERT INTO sessions (token_hash, user_id, issued_at, expires_at)
                  VALUES ('%s', 900100, now(), now() + interval '1 day');
                """.formatted(tokenHash));

        assertThat(api.get("/api/users/me", token).json()).isEqualTo(json("""
                {"id":900100,"email":"copied@example.com","name":"Copied","role":"CUSTOMER",
                 "createdAt":"2021-05-01T10:00:00Z"}"""));
        assertThat(servicesDecoder()
                        .decode(exchange(token).json().get("access_token").asString())
                        .getSubject())
                .isEqualTo("900100");
    }

    @Test
    void anAdminsTokenCarriesTheAdminRole() {
        String email = uniqueEmail("admin");
        registeredAndLoggedIn(email, "password-1");
        cdcWrites("UPDATE users SET role = 'ADMIN' WHERE email = '" + email.toLowerCase() + "'");
        Jwt jwt = servicesDecoder()
                .decode(exchange(loggedIn(email, "password-1"))
                        .json()
                        .get("access_token")
                        .asString());
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("ADMIN");
    }

    @Test
    void unknownLoggedOutAndExpiredSessionTokensGetTheSameError() {
        String loggedOut = registeredAndLoggedIn(uniqueEmail("jack"), "password-1");
        api.post("/api/auth/logout", null, loggedOut);
        String email = uniqueEmail("kate");
        String expiring = registeredAndLoggedIn(email, "password-1");
        cdcWrites("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = "
                + "(SELECT id FROM users WHERE email = '" + email.toLowerCase() + "')");

        for (Map.Entry<String, String> subject : Map.of(
                        "unknown", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                        "logged out", loggedOut,
                        "expired", expiring)
                .entrySet()) {
            Api.Response refused = exchange(subject.getValue());
            assertThat(refused.status()).as(subject.getKey()).isEqualTo(400);
            assertThat(refused.json()).as(subject.getKey()).isEqualTo(INVALID_GRANT);
        }
    }

    @Test
    void aJwtThisServerIssuedIsNotASessionTokenAndIsRefusedTheSameWay() {
        String session = registeredAndLoggedIn(uniqueEmail("liam"), "password-1");
        String jwt = exchange(session).json().get("access_token").asString();

        Api.Response refused = exchange(jwt);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json())
                .as("a client cannot turn a JWT into another one: only live sessions are exchanged")
                .isEqualTo(INVALID_GRANT);
    }

    @Test
    void exchangesAreCountedByResult() {
        double issuedBefore = exchanges("issued");
        double refusedBefore = exchanges("refused_session");
        exchange(registeredAndLoggedIn(uniqueEmail("rita"), "password-1"));
        exchange("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(exchanges("issued")).isEqualTo(issuedBefore + 1);
        assertThat(exchanges("refused_session")).isEqualTo(refusedBefore + 1);
    }

    private double exchanges(String result) {
        Api.Response r = api.get("/actuator/metrics/identity.token.exchanges?tag=result:" + result, null);
        if (r.status() == 404) {
            return 0;
        }
        for (JsonNode m : r.json().get("measurements")) {
            if (m.get("statistic").asString().equals("COUNT")) {
                return m.get("value").asDouble();
            }
        }
        throw new IllegalStateException(r.body());
    }

    @Test
    void aClientWithAWrongSecretCannotExchange() {
        String session = registeredAndLoggedIn(uniqueEmail("mia"), "password-1");
        Api.Response refused = api.postForm(
                "/oauth2/token",
                Map.of(
                        "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                        "subject_token", session,
                        "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
                GATEWAY_ID,
                "not-the-secret");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void theAccessTokenIsNotASessionTokenForTheAppsEndpoints() {
        String session = registeredAndLoggedIn(uniqueEmail("noah"), "password-1");
        String jwt = exchange(session).json().get("access_token").asString();
        assertThat(api.get("/api/users/me", jwt).status()).isEqualTo(401);
        assertThatThrownBy(() -> servicesDecoder().decode(session))
                .as("and a session token is no JWT for the services")
                .isInstanceOf(JwtException.class);
    }
}
