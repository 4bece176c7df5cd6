package dev.strangler.monolith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AccountApiTest extends MonolithTestBase {

    private static String email() {
        return "u-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void registeredUserLogsInWithAnOpaqueTokenThatStopsWorkingAfterLogout() {
        String email = email();
        Api.Response registered = api.post("/api/users/register", Map.of("email", email, "password", "s3cret-pass", "name", "Ann"), null);
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().get("role").asText()).isEqualTo("CUSTOMER");
        assertThat(registered.json().has("passwordHash")).isFalse();

        Api.Response login = api.post("/api/auth/login", Map.of("email", email.toUpperCase(), "password", "s3cret-pass"), null);
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
        Api.Response again = api.post("/api/users/register", Map.of("email", email, "password", "other-pass", "name", "B"), null);
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
        assertThat(unknown.json().get("detail").asText()).isEqualTo(r.json().get("detail").asText());
    }

    @Test
    void invalidRegistrationNamesEachBadField() {
        Api.Response r = api.post("/api/users/register", Map.of("email", "not-an-email", "password", "short", "name", ""), null);
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
        assertThat(api.post("/api/orders", Map.of("items", java.util.List.of(), "paymentToken", "tok_visa"), null).status())
                .isEqualTo(401);
    }
}
