package dev.strangler.playbook.discover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a recording in the agreed format ({@code strangler-recording/1}: recording.json, one WireMock stub
 * mapping per exchange, callers.json), as {@code strangler record} does, for discover to read.
 */
final class RecordingFixture {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path dir;
    private final List<Map<String, Object>> mappings = new ArrayList<>();

    RecordingFixture(Path dir) {
        this.dir = dir;
    }

    /** An exchange no route matched. */
    RecordingFixture exchange(String method, String url, int status, double durationMs) {
        return exchange(method, url, status, durationMs, null, null);
    }

    /** An exchange the gateway matched with route {@code route} and its path pattern {@code template}. */
    RecordingFixture exchange(String method, String url, int status, double durationMs, String route, String template) {
        int sequence = mappings.size() + 1;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", method);
        request.put("url", url);
        request.put("headers", Map.of("Accept", Map.of("equalTo", "application/json")));
        Map<String, Object> strangler = new LinkedHashMap<>();
        strangler.put("sequence", sequence);
        strangler.put("caller", "c-0123456789ab");
        strangler.put("callerSequence", sequence);
        strangler.put("route", route);
        strangler.put("mode", "monolith");
        strangler.put("side", "monolith");
        strangler.put("template", template);
        strangler.put("startedAt", "2026-12-07T01:00:" + String.format("%02d", sequence % 60) + "Z");
        strangler.put("durationMs", durationMs);
        strangler.put("redactions", List.of());
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("id", UUID.nameUUIDFromBytes(("m" + sequence).getBytes()).toString());
        mapping.put("name", method + " " + url);
        mapping.put("request", request);
        mapping.put(
                "response",
                Map.of("status", status, "headers", Map.of("Content-Type", "application/json"), "body", "{}"));
        mapping.put("persistent", true);
        mapping.put("metadata", Map.of("strangler", strangler));
        mappings.add(mapping);
        return this;
    }

    Path write() throws IOException {
        Files.createDirectories(dir.resolve("mappings"));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", "strangler-recording/1");
        header.put("startedAt", "2026-12-07T01:00:00Z");
        header.put("endedAt", "2026-12-07T01:05:00Z");
        header.put("gateways", List.of("http://127.0.0.1:8080"));
        header.put("exchanges", mappings.size());
        header.put(
                "redacted",
                Map.of("headers", List.of("Authorization", "Cookie", "Set-Cookie"), "jsonFields", List.of("password")));
        Files.writeString(dir.resolve("recording.json"), JSON.writeValueAsString(header));
        List<Object> ids = new ArrayList<>();
        for (Map<String, Object> m : mappings) {
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) m.get("request");
            @SuppressWarnings("unchecked")
            Map<String, Object> strangler =
                    (Map<String, Object>) ((Map<String, Object>) m.get("metadata")).get("strangler");
            String slug = request.get("url")
                    .toString()
                    .replaceAll("[^A-Za-z0-9]+", "-")
                    .replaceAll("^-|-$", "");
            String name = String.format(
                    "%06d-%s-%s.json",
                    (Integer) strangler.get("sequence"),
                    request.get("method").toString().toLowerCase(),
                    slug);
            Files.writeString(dir.resolve("mappings").resolve(name), JSON.writeValueAsString(m));
            ids.add(m.get("id"));
        }
        Files.writeString(
                dir.resolve("callers.json"), JSON.writeValueAsString(Map.of("callers", Map.of("c-0123456789ab", ids))));
        return dir;
    }
}
