package dev.strangler.identity;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the tests: what the app (or the gateway) sends, what it gets back. */
public final class Api {

    public record Response(int status, String contentType, JsonNode json, String body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    Api(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** JSON text as a tree, to compare bodies by value as the gateway's shadow comparison does. */
    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    public Response get(String path, String token) {
        return send("GET", path, null, token, null);
    }

    public Response post(String path, String jsonBody, String token) {
        return send("POST", path, jsonBody, token, "application/json");
    }

    public Response put(String path, String jsonBody, String token) {
        return send("PUT", path, jsonBody, token, "application/json");
    }

    /** A form POST with HTTP Basic client authentication, as an OAuth client calls the token endpoint. */
    public Response postForm(String path, Map<String, String> form, String clientId, String clientSecret) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String basic =
                Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return exchange(request, "POST " + path);
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
        return exchange(b.build(), method + " " + path);
    }

    private Response exchange(HttpRequest request, String what) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            String type = r.headers().firstValue("Content-Type").orElse("");
            JsonNode json = r.body().isEmpty() || !type.contains("json") ? null : JSON.readTree(r.body());
            return new Response(r.statusCode(), type, json, r.body(), r);
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed", e);
        }
    }
}
