package dev.strangler.monolith;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.monolith.users.PasswordHasher;
import dev.strangler.monolith.users.SessionService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class AccountApiTest extends MonolithTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SessionService sessions;

    private static String email() {
        return "u-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void registeredUserLogsInWithAnOpaqueTokenThatStopsWorkingAfterLogout() {
        String email = email();
        Api.Response registered =
                api.post("/api/users/register", Map.of("email", email, "password", "s3cret-pass", "name", "Ann"), null);
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().get("role").asText()).isEqualTo("CUSTOMER");
        assertThat(registered.json().has("passwordHash")).isFalse();

        Api.Response login =
                api.post("/api/auth/login", Map.of("email", email.toUpperCase(), "password", "s3cret-pass"), null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("tokenType").asText()).isEqualTo("Bearer");
        String token = login.json().get("token").asText();
        assertThat(token).hasSizeGreaterThan(30);

        assertThat(api.get("/api/users/me", token).json().get("email").asText()).isEqualTo(email);
        Api.Response renamed = api.put("/api/users/me", Map.of("name", "Ann B."), token);
        assertThat(renamed.json().get("name").asText()).isEqualTo("Ann B.");

        assertThat(api.post("/api/auth/logout", null, token).status()).isEqualTo(204);
        Api.Response after = api.get("/api/users/me", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("code").asText()).isEqualTo("unauthenticated");
    }

    @Test
    void duplicateEmailIsA409() {
        String email = email();
        api.post("/api/users/register", Map.of("email", email, "password", "s3cret-pass", "name", "A"), null);
        Api.Response again =
                api.post("/api/users/register", Map.of("email", email, "password", "other-pass", "name", "B"), null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("email_taken");
    }

    @Test
    void wrongPasswordIsA401WithoutSayingWhichPartWasWrong() {
        String email = email();
        api.post("/api/users/register", Map.of("email", email, "password", "s3cret-pass", "name", "A"), null);
        Api.Response r = api.post("/api/auth/login", Map.of("email", email, "password", "wrong-pass"), null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("code").asText()).isEqualTo("bad_credentials");
        Api.Response unknown = api.post("/api/auth/login", Map.of("email", email(), "password", "wrong-pass"), null);
        assertThat(unknown.json().get("detail").asText())
                .isEqualTo(r.json().get("detail").asText());
    }

    @Test
    void invalidRegistrationNamesEachBadField() {
        Api.Response r =
                api.post("/api/users/register", Map.of("email", "not-an-email", "password", "short", "name", ""), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("validation_failed");
        assertThat(r.json().get("errors").findValuesAsString("field")).contains("email", "password", "name");
    }

    @Test
    void malformedJsonIsA400Problem() {
        Api.Response r = api.sendRaw("POST", "/api/auth/login", "{\"email\": ", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("malformed_request");
    }

    @Test
    void protectedEndpointsWithoutOrWithABogusTokenAre401() {
        assertThat(api.get("/api/users/me", null).status()).isEqualTo(401);
        assertThat(api.get("/api/orders", "bogus-token").status()).isEqualTo(401);
        assertThat(api.post("/api/orders", Map.of("items", List.of(), "paymentToken", "tok_visa"), null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aPasswordHashedWithFewerIterationsIsHashedAgainOnTheNextLogin() {
        String email = email();
        api.post("/api/users/register", Map.of("email", email, "password", "s3cret-pass", "name", "Old"), null);
        jdbc.update(
                "UPDATE app_users SET password_hash = ? WHERE email = ?",
                new PasswordHasher(10).hash("s3cret-pass"),
                email);

        assertThat(api.post("/api/auth/login", Map.of("email", email, "password", "s3cret-pass"), null)
                        .status())
                .isEqualTo(200);

        String stored = jdbc.queryForObject("SELECT password_hash FROM app_users WHERE email = ?", String.class, email);
        assertThat(stored).as("today's iterations").startsWith("pbkdf2$600000$");
        assertThat(api.post("/api/auth/login", Map.of("email", email, "password", "s3cret-pass"), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void afterFiveWrongPasswordsTheAccountGets429WithRetryAfterEvenForTheRightOne() {
        String email = email();
        api.post("/api/users/register", Map.of("email", email, "password", "s3cret-pass", "name", "A"), null);
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/auth/login", Map.of("email", email, "password", "guess-" + i), null)
                            .status())
                    .isEqualTo(401);
        }

        Api.Response throttled =
                api.post("/api/auth/login", Map.of("email", email.toUpperCase(), "password", "s3cret-pass"), null);

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.json().get("code").asText()).isEqualTo("too_many_attempts");
        assertThat(Long.parseLong(throttled.retryAfter())).isBetween(1L, 900L);
        String other = email();
        api.post("/api/users/register", Map.of("email", other, "password", "s3cret-pass", "name", "B"), null);
        assertThat(api.post("/api/auth/login", Map.of("email", other, "password", "s3cret-pass"), null)
                        .status())
                .as("another account is not affected")
                .isEqualTo(200);
    }

    @Test
    void expiredSessionsAreDeleted() {
        String email = email();
        api.post("/api/users/register", Map.of("email", email, "password", "s3cret-pass", "name", "A"), null);
        String expired = api.login(email, "s3cret-pass");
        String live = api.login(email, "s3cret-pass");
        jdbc.update(
                "UPDATE user_sessions SET expires_at = now() - interval '1 day' WHERE token_hash = ?", sha256(expired));

        sessions.purgeExpired();

        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM user_sessions WHERE token_hash = ?", Integer.class, sha256(expired)))
                .isZero();
        assertThat(api.get("/api/users/me", live).status()).isEqualTo(200);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
