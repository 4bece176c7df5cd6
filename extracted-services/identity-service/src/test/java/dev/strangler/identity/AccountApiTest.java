package dev.strangler.identity;

import static dev.strangler.identity.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The monolith's user contract, served here. Expected bodies are literals derived from the monolith's
 * UserController, SessionService and ProblemHandler: the gateway compares status and JSON by value.
 */
class AccountApiTest extends IdentityServiceTestBase {

    /** A monolith hash of "old-password" with its former 20,000 iterations, made outside this code. */
    private static final String MONOLITH_HASH_20K =
            "pbkdf2$20000$AAECAwQFBgcICQoLDA0ODw==$vkVDvYcGXuTJPXSPLq063autXi85PUg5KTHEM2FCUs0=";

    @Test
    void registerThenLogInThenReadProfile() {
        String email = uniqueEmail("Alice");
        Api.Response registered = api.post("/api/users/register", """
                {"email":"%s","password":"correct horse","name":" Alice "}""".formatted(email), null);
        assertThat(registered.status()).isEqualTo(201);
        long id = registered.json().get("id").asLong();
        assertThat(registered.json().get("email").asString())
                .as("stored lower-case, as the monolith stores it")
                .isEqualTo(email.toLowerCase());
        assertThat(registered.json().get("name").asString()).isEqualTo("Alice");
        assertThat(registered.json().get("role").asString()).isEqualTo("CUSTOMER");

        Api.Response login = api.post("/api/auth/login", """
                {"email":"%s","password":"correct horse"}""".formatted(email.toUpperCase()), null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(login.json().get("token").asString())
                .as("the monolith's opaque token: 32 random bytes, base64url without padding")
                .matches("[A-Za-z0-9_-]{43}");
        assertThat(login.json().get("user")).isEqualTo(registered.json());
        assertThat(login.json().get("expiresAt").asString()).endsWith("Z");

        Api.Response me = api.get("/api/users/me", login.json().get("token").asString());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json()).isEqualTo(registered.json());
        assertThat(me.json().get("id").asLong()).isEqualTo(id);
    }

    @Test
    void theAppsEndpointsCarryNoHeadersOrCookiesTheMonolithDoesNotSend() {
        String email = uniqueEmail("quinn");
        String token = registeredAndLoggedIn(email, "password-1");
        for (Api.Response r : new Api.Response[] {
            api.get("/api/users/me", token),
            api.get("/api/users/me", null),
            api.post("/api/auth/login", """
                    {"email":"%s","password":"password-1"}""".formatted(email), null)
        }) {
            assertThat(r.raw().headers().map().keySet())
                    .as("no Spring Security headers, session cookie or CSRF token: the gateway compares")
                    .doesNotContain(
                            "cache-control", "x-frame-options", "x-content-type-options", "set-cookie", "pragma");
        }
    }

    @Test
    void profileUpdateRenamesTheCaller() {
        String token = registeredAndLoggedIn(uniqueEmail("bob"), "password-1");
        Api.Response updated = api.put("/api/users/me", """
                {"name":"  Robert "}""", token);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("name").asString()).isEqualTo("Robert");
        assertThat(api.get("/api/users/me", token).json().get("name").asString())
                .isEqualTo("Robert");
    }

    @Test
    void registeringATakenEmailIsTheMonolithsConflict() {
        String email = uniqueEmail("carol");
        registeredAndLoggedIn(email, "password-1");
        Api.Response again = api.post("/api/users/register", """
                {"email":"%s","password":"password-2","name":"Carol"}""".formatted(email.toUpperCase()), null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json()).isEqualTo(json("""
                {"type":"/problems/email-taken","title":"Email taken","status":409,
                 "detail":"An account with this email already exists","instance":"/api/users/register",
                 "code":"email_taken"}"""));
    }

    @Test
    void anInvalidRegistrationNamesTheFieldAsTheMonolithDoes() {
        Api.Response r = api.post("/api/users/register", """
                {"email":"%s","password":"short","name":"Dan"}""".formatted(uniqueEmail("dan")), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asString()).isEqualTo("validation_failed");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401BodyAsTheMonolith() {
        String email = uniqueEmail("erin");
        registeredAndLoggedIn(email, "right-password");
        Api.Response wrongPassword = api.post("/api/auth/login", """
                {"email":"%s","password":"wrong-password"}""".formatted(email), null);
        Api.Response unknownUser = api.post("/api/auth/login", """
                {"email":"%s","password":"right-password"}""".formatted(uniqueEmail("nobody")), null);
        var expected = json("""
                {"type":"/problems/bad-credentials","title":"Bad credentials","status":401,
                 "detail":"Email or password is wrong","instance":"/api/auth/login","code":"bad_credentials"}""");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.contentType()).startsWith("application/problem+json");
        assertThat(wrongPassword.json()).isEqualTo(expected);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(unknownUser.json())
                .as("an unknown email must not be told apart from a wrong password")
                .isEqualTo(expected);
    }

    @Test
    void aMonolithHashWithFewerIterationsLogsInAndIsUpgradedOnLogin() {
        String email = uniqueEmail("legacy");
        cdcWrites("INSERT INTO users (id, email, password_hash, display_name, role, created_at) VALUES "
                + "(900001, '" + email + "', '" + MONOLITH_HASH_20K + "', 'Legacy', 'CUSTOMER', "
                + "'2020-01-01T00:00:00Z')");

        String token = loggedIn(email, "old-password");

        String stored = queryOne("SELECT password_hash FROM users WHERE id = 900001");
        assertThat(stored)
                .as("re-hashed with today's iterations in the monolith's format")
                .startsWith("pbkdf2$" + TEST_ITERATIONS + "$")
                .isNotEqualTo(MONOLITH_HASH_20K);
        assertThat(api.get("/api/users/me", token).json().get("id").asLong()).isEqualTo(900001L);
        assertThat(loggedIn(email, "old-password"))
                .as("the same password still logs in with the new hash")
                .isNotBlank();
    }

    @Test
    void logoutMakesTheTokenRefusedAndDeletesTheSessionAsTheMonolithDoes() throws Exception {
        String token = registeredAndLoggedIn(uniqueEmail("frank"), "password-1");
        assertThat(sessionRows(token)).isEqualTo(1);
        Api.Response logout = api.post("/api/auth/logout", null, token);
        assertThat(logout.status()).isEqualTo(204);
        assertThat(sessionRows(token))
                .as("a delete, which a stream carries into the monolith's user_sessions as it is")
                .isZero();

        Api.Response me = api.get("/api/users/me", token);
        assertThat(me.status()).isEqualTo(401);
        assertThat(me.json()).isEqualTo(json("""
                {"type":"/problems/unauthenticated","title":"Authentication required","status":401,
                 "detail":"The session token is unknown, expired or logged out","instance":"/api/users/me",
                 "code":"unauthenticated"}"""));
    }

    @Test
    void anExpiredSessionIsRefusedLikeAnUnknownOne() {
        String token = registeredAndLoggedIn(uniqueEmail("gina"), "password-1");
        clock.advance(Duration.ofDays(31));
        Api.Response expired = api.get("/api/users/me", token);
        Api.Response unknown = api.get("/api/users/me", "not-a-session-token");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json()).isEqualTo(unknown.json());
    }

    @Test
    void unreadableJsonIsTheMonolithsMalformedRequest() {
        Api.Response r = api.post("/api/auth/login", "{not json", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asString()).isEqualTo("malformed_request");
        assertThat(r.json().get("type").asString()).isEqualTo("/problems/malformed-request");
    }

    @Test
    void noBearerTokenIs401WithTheMonolithsHint() {
        Api.Response me = api.get("/api/users/me", null);
        assertThat(me.status()).isEqualTo(401);
        assertThat(me.json().get("detail").asString())
                .isEqualTo("Send the session token as 'Authorization: Bearer <token>'");
    }

    @Test
    void afterFiveFailedLoginsEvenTheRightPasswordIs429WithRetryAfter() {
        String email = uniqueEmail("henry");
        registeredAndLoggedIn(email, "right-password");
        for (int i = 0; i < 5; i++) {
            api.post("/api/auth/login", """
                    {"email":"%s","password":"wrong"}""".formatted(email), null);
        }
        Api.Response blocked = api.post("/api/auth/login", """
                {"email":"%s","password":"right-password"}""".formatted(email), null);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.json().get("code").asString()).isEqualTo("too_many_attempts");
        assertThat(Integer.parseInt(blocked.header("Retry-After")))
                .as("seconds until the 15-minute window is over")
                .isBetween(890, 900);
    }
}
