package dev.strangler.playbook.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records real traffic to an app in the agreed recording format (strangler-recording/1), for the replay's tests: each
 * request is sent to the app for real and kept with the answer it got, with the secrets redacted the way the
 * gateway's recorder does it (JSON fields named {@code token} or {@code email}, a request's {@code password} and the
 * Authorization header's credential replaced by
 * {@code «redacted:n»}, one n per distinct value). {@link #write()} writes the directory.
 */
final class RecordingFixture {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "transfer-encoding", "keep-alive", "content-length", "date", "matched-stub-id");

    private final Path dir;
    private final URI app;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<String, String> secrets = new HashMap<>();
    private final List<ObjectNode> mappings = new ArrayList<>();
    private final Map<String, List<String>> callers = new LinkedHashMap<>();
    private final Map<String, String> lastAnswer = new HashMap<>();

    RecordingFixture(Path dir, URI app) {
        this.dir = dir;
        this.app = app;
    }

    /** What the app answered to the last request, before redaction: the tests need real tokens and ids. */
    JsonNode answer(String caller) {
        return JSON.readTree(lastAnswer.get(caller));
    }

    /** Sends the request to the app and records it with its answer, for {@code caller}. */
    RecordingFixture send(String caller, String method, String url, Map<String, String> headers, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app + url))
                .method(
                        method,
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody));
        headers.forEach(request::header);
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        lastAnswer.put(caller, response.body());
        int sequence = mappings.size() + 1;
        List<String> redactions = new ArrayList<>();
        ObjectNode mapping = JSON.createObjectNode();
        String id = UUID.randomUUID().toString();
        mapping.put("id", id);
        mapping.put("name", method + " " + url);
        ObjectNode req = mapping.putObject("request");
        req.put("method", method);
        req.put("url", url);
        if (jsonBody != null) {
            req.putObject("headers").putObject("Content-Type").put("equalTo", "application/json");
            req.putArray("bodyPatterns").addObject().put("equalToJson", redactPassword(jsonBody, redactions));
        }
        ObjectNode res = mapping.putObject("response");
        res.put("status", response.statusCode());
        ObjectNode resHeaders = res.putObject("headers");
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                resHeaders.put(name, values.get(0));
            }
        });
        res.put("body", redactTokens(response.body(), redactions));
        mapping.put("persistent", true);
        ObjectNode strangler = mapping.putObject("metadata").putObject("strangler");
        strangler.put("sequence", sequence);
        strangler.put("caller", caller);
        callers.computeIfAbsent(caller, c -> new ArrayList<>()).add(id);
        strangler.put("callerSequence", callers.get(caller).size());
        strangler.putNull("route");
        strangler.put("mode", "monolith");
        strangler.put("side", "monolith");
        strangler.putNull("template");
        strangler.put("startedAt", Instant.now().toString());
        strangler.put("durationMs", 1.0);
        ObjectNode requestHeaders = strangler.putObject("requestHeaders");
        headers.forEach((name, value) -> {
            if (name.equalsIgnoreCase("Authorization") && value.startsWith("Bearer ")) {
                requestHeaders.put(name, "Bearer " + placeholder(value.substring("Bearer ".length())));
                redactions.add("request.headers.Authorization");
            } else {
                requestHeaders.put(name, value);
            }
        });
        redactions.forEach(strangler.putArray("redactions")::add);
        mappings.add(mapping);
        return this;
    }

    RecordingFixture get(String caller, String url) {
        return send(caller, "GET", url, Map.of(), null);
    }

    /** Writes recording.json, mappings/ and callers.json; returns the directory. */
    Path write() {
        try {
            Files.createDirectories(dir.resolve("mappings"));
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("format", "strangler-recording/1");
            manifest.put("startedAt", Instant.now().toString());
            manifest.put("endedAt", Instant.now().toString());
            manifest.putArray("gateways").add(app.toString());
            manifest.put("exchanges", mappings.size());
            ObjectNode redacted = manifest.putObject("redacted");
            redacted.putArray("headers").add("Authorization").add("Cookie").add("Set-Cookie");
            redacted.putArray("jsonFields").add("token");
            Files.writeString(dir.resolve("recording.json"), JSON.writeValueAsString(manifest));
            for (ObjectNode mapping : mappings) {
                JsonNode strangler = mapping.get("metadata").get("strangler");
                String slug = mapping.get("request").get("url").asString().replaceAll("[^A-Za-z0-9]+", "-");
                String name = String.format(
                        "%06d-%s%s.json",
                        strangler.get("sequence").asInt(),
                        mapping.get("request").get("method").asString().toLowerCase(Locale.ROOT),
                        slug);
                Files.writeString(dir.resolve("mappings").resolve(name), JSON.writeValueAsString(mapping));
            }
            Files.writeString(dir.resolve("callers.json"), JSON.writeValueAsString(Map.of("callers", callers)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String redactTokens(String body, List<String> redactions) {
        if (body == null || !body.strip().startsWith("{")) {
            return body;
        }
        ObjectNode tree = (ObjectNode) JSON.readTree(body);
        boolean redacted = false;
        for (String field : List.of("token", "email")) {
            if (tree.has(field) && tree.get(field).isString()) {
                tree.put(field, placeholder(tree.get(field).asString()));
                redactions.add("response.body.$." + field);
                redacted = true;
            }
        }
        return redacted ? JSON.writeValueAsString(tree) : body;
    }

    /** A request's {@code password} and {@code email} fields, redacted as the gateway does it. */
    private String redactPassword(String body, List<String> redactions) {
        if (!body.strip().startsWith("{")) {
            return body;
        }
        ObjectNode tree = (ObjectNode) JSON.readTree(body);
        boolean redacted = false;
        for (String field : List.of("password", "email")) {
            if (tree.has(field) && tree.get(field).isString()) {
                tree.put(field, placeholder(tree.get(field).asString()));
                redactions.add("request.body.$." + field);
                redacted = true;
            }
        }
        return redacted ? JSON.writeValueAsString(tree) : body;
    }

    private String placeholder(String secret) {
        return secrets.computeIfAbsent(secret, s -> "«redacted:" + (secrets.size() + 1) + "»");
    }
}
