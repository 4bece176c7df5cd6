package dev.strangler.catalog;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the tests: what the app sends, what it gets back. */
public final class Api {

    public record Response(int status, String contentType, JsonNode json, String body) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    Api(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    /** JSON text as a tree, to compare bodies by value as the gateway's shadow comparison does. */
    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    public Response get(String path) {
        return send("GET", path, null, null, null);
    }

    public Response patch(String path, String jsonBody, String token) {
        return send("PATCH", path, jsonBody, token, "application/json");
    }

    public Response send(String method, String path, String body, String token, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Response(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), json, r.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
