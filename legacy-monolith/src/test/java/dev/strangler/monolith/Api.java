package dev.strangler.monolith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the tests: what the app sends, what it gets back. */
final class Api {

    record Response(int status, String contentType, JsonNode json, String body, String retryAfter) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    Api(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    Response get(String path, String token) {
        return send("GET", path, null, token);
    }

    Response post(String path, Object body, String token) {
        return send("POST", path, body, token);
    }

    Response put(String path, Object body, String token) {
        return send("PUT", path, body, token);
    }

    Response patch(String path, Object body, String token) {
        return send("PATCH", path, body, token);
    }

    Response sendRaw(String method, String path, String rawBody, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        rawBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(rawBody));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Response(
                    r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(""),
                    json,
                    r.body(),
                    r.headers().firstValue("Retry-After").orElse(null));
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private Response send(String method, String path, Object body, String token) {
        return sendRaw(method, path, body == null ? null : JSON.writeValueAsString(body), token);
    }

    String login(String email, String password) {
        Response r = post("/api/auth/login", Map.of("email", email, "password", password), null);
        if (r.status() != 200) {
            throw new IllegalStateException("login failed: " + r.status() + " " + r.body());
        }
        return r.json().get("token").asText();
    }
}
