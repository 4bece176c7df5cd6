package dev.strangler.playbook.migration;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON-over-HTTP client for the walk and its load: status and parsed body, nothing thrown for a 4xx/5xx. */
final class JsonHttp {

    /** An answer: status and JSON body (null when there was none or it was not JSON). */
    record Answer(int status, JsonNode body, String text) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;
    private final Duration timeout;

    JsonHttp(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    Answer get(String path, String token, String deviceId) throws IOException, InterruptedException {
        return send("GET", path, null, token, deviceId);
    }

    Answer send(String method, String path, Object body, String token, String deviceId)
            throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (deviceId != null) {
            b.header("X-Device-Id", deviceId);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (!r.body().isBlank()) {
            try {
                json = JSON.readTree(r.body());
            } catch (RuntimeException notJson) {
                json = null;
            }
        }
        return new Answer(r.statusCode(), json, r.body());
    }

    /** Logs in and returns the session token. */
    String login(String email, String password) throws IOException, InterruptedException {
        Answer a = send("POST", "/api/auth/login", Map.of("email", email, "password", password), null, null);
        if (!a.ok()) {
            throw new IllegalStateException("login of " + email + " failed (" + a.status() + "): " + a.text());
        }
        return a.body().path("token").asString();
    }
}
