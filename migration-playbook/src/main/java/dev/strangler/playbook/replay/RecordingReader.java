package dev.strangler.playbook.replay;

import dev.strangler.compare.ComparedResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a recording directory ({@code recording.json}, {@code mappings/*.json}, {@code callers.json}) and refuses
 * one that does not hold together, naming the file and what is wrong, before anything is sent anywhere.
 */
final class RecordingReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RecordingReader() {}

    static Recording read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RecordingException(dir, "not a directory; give the directory `strangler record` wrote");
        }
        manifest(dir.resolve("recording.json"));
        Map<String, RecordedExchange> exchanges = new LinkedHashMap<>();
        for (Path file : mappingFiles(dir.resolve("mappings"))) {
            RecordedExchange exchange = exchange(file);
            RecordedExchange before = exchanges.putIfAbsent(exchange.id(), exchange);
            if (before != null) {
                throw new RecordingException(file, "id " + exchange.id() + " is also the id of " + before.file());
            }
        }
        return new Recording(dir, exchanges, callers(dir.resolve("callers.json"), exchanges));
    }

    private static void manifest(Path file) {
        JsonNode manifest = tree(file);
        String format = manifest.path("format").asString("");
        if (!format.equals(Recording.FORMAT)) {
            throw new RecordingException(
                    file,
                    "\"format\" is " + (format.isEmpty() ? "missing" : "\"" + format + "\"") + "; this version reads \""
                            + Recording.FORMAT + "\"");
        }
    }

    private static List<Path> mappingFiles(Path mappings) {
        if (!Files.isDirectory(mappings)) {
            throw new RecordingException(
                    mappings, "missing; a recording keeps one WireMock stub mapping per request here");
        }
        try (Stream<Path> files = Files.list(mappings)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(Path::getFileName))
                    .toList();
        } catch (IOException e) {
            throw new RecordingException(mappings, "cannot be listed: " + e.getMessage(), e);
        }
    }

    private static RecordedExchange exchange(Path file) {
        JsonNode mapping = tree(file);
        String id = text(file, mapping, "", "id");
        JsonNode request = object(file, mapping, "", "request");
        JsonNode response = object(file, mapping, "", "response");
        JsonNode strangler = object(file, object(file, mapping, "", "metadata"), "metadata.", "strangler");
        String method = text(file, request, "request.", "method");
        String url = text(file, request, "request.", "url");
        if (!url.startsWith("/")) {
            throw new RecordingException(file, "request.url \"" + url + "\" must be a path starting with /");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        request.path("headers").properties().forEach(h -> {
            if (h.getValue().has("equalTo")) {
                headers.put(h.getKey(), h.getValue().get("equalTo").asString());
            }
        });
        // The recorder writes each header's values as a list (a header may come more than once).
        strangler
                .path("requestHeaders")
                .properties()
                .forEach(h -> headers.put(h.getKey(), headerValue(h.getKey(), h.getValue())));
        String body = null;
        JsonNode patterns = request.path("bodyPatterns");
        if (patterns.size() > 0) {
            JsonNode pattern = patterns.get(0);
            JsonNode value = pattern.has("equalToJson") ? pattern.get("equalToJson") : pattern.get("equalTo");
            if (value == null) {
                throw new RecordingException(
                        file, "request.bodyPatterns[0] must be {\"equalToJson\": ...} or {\"equalTo\": ...}");
            }
            body = value.isString() ? value.asString() : value.toString();
        }
        byte[] binary = strangler.has("binaryRequestBody") ? base64(file, strangler, "binaryRequestBody") : null;
        return new RecordedExchange(
                id,
                file.getFileName().toString(),
                number(file, strangler, "metadata.strangler.", "sequence"),
                text(file, strangler, "metadata.strangler.", "caller"),
                new RecordedRequest(method.toUpperCase(), url, Map.copyOf(headers), body, binary),
                response(file, response),
                took(strangler));
    }

    /** When the recorded request started and how long it took: optional (a hand-made recording may not say). */
    private static Moments.Window took(JsonNode strangler) {
        try {
            Instant start = Instant.parse(strangler.path("startedAt").asString());
            long micros = (long) (strangler.path("durationMs").asDouble(0) * 1000);
            return new Moments.Window(start, start.plus(Duration.ofNanos(micros * 1000)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ComparedResponse response(Path file, JsonNode response) {
        int status = number(file, response, "response.", "status");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.path("headers").properties().forEach(h -> {
            List<String> values = new ArrayList<>();
            if (h.getValue().isArray()) {
                h.getValue().forEach(v -> values.add(v.asString()));
            } else {
                values.add(h.getValue().asString());
            }
            headers.put(h.getKey(), values);
        });
        byte[] body;
        if (response.has("base64Body")) {
            body = base64(file, response, "base64Body");
        } else if (response.has("body")) {
            body = response.get("body").asString().getBytes(StandardCharsets.UTF_8);
        } else if (response.has("jsonBody")) {
            body = response.get("jsonBody").toString().getBytes(StandardCharsets.UTF_8);
        } else {
            body = new byte[0];
        }
        return new ComparedResponse(status, headers, body, false);
    }

    private static Map<String, List<String>> callers(Path file, Map<String, RecordedExchange> exchanges) {
        JsonNode callers = object(file, tree(file), "", "callers");
        Map<String, List<String>> order = new LinkedHashMap<>();
        Map<String, String> callerOf = new HashMap<>();
        callers.properties().forEach(caller -> {
            if (!caller.getValue().isArray()) {
                throw new RecordingException(
                        file, "callers." + caller.getKey() + " must be a list of mapping ids in the caller's order");
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode id : caller.getValue()) {
                RecordedExchange exchange = exchanges.get(id.asString());
                if (exchange == null) {
                    throw new RecordingException(
                            file,
                            "callers." + caller.getKey() + " lists " + id
                                    + ", which no file under mappings/ has as its id");
                }
                String before = callerOf.putIfAbsent(exchange.id(), caller.getKey());
                if (before != null) {
                    throw new RecordingException(
                            file,
                            "callers." + caller.getKey() + " lists " + id + " (" + exchange.file() + "), which callers."
                                    + before + " lists already; each request has one caller, once");
                }
                ids.add(exchange.id());
            }
            order.put(caller.getKey(), List.copyOf(ids));
        });
        for (RecordedExchange exchange : exchanges.values()) {
            if (!callerOf.containsKey(exchange.id())) {
                throw new RecordingException(
                        file,
                        "no caller lists " + exchange.id() + " (mappings/" + exchange.file() + ", caller "
                                + exchange.caller() + " in its metadata); a replay would leave it out");
            }
        }
        Map<String, List<String>> byFirstRequest = new LinkedHashMap<>();
        order.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> e.getValue().isEmpty()
                        ? Integer.MAX_VALUE
                        : exchanges.get(e.getValue().get(0)).sequence()))
                .forEach(e -> byFirstRequest.put(e.getKey(), e.getValue()));
        return byFirstRequest;
    }

    private static JsonNode tree(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RecordingException(file, "missing");
        }
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            if (node == null || !node.isObject()) {
                throw new RecordingException(file, "must hold one JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new RecordingException(file, "cannot be read: " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new RecordingException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode object(Path file, JsonNode parent, String at, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new RecordingException(file, "\"" + at + field + "\" must be an object" + found(node));
        }
        return node;
    }

    private static String text(Path file, JsonNode parent, String at, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw new RecordingException(file, "\"" + at + field + "\" must be a non-empty string" + found(node));
        }
        return node.asString();
    }

    private static int number(Path file, JsonNode parent, String at, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isIntegralNumber()) {
            throw new RecordingException(file, "\"" + at + field + "\" must be a whole number" + found(node));
        }
        return node.asInt();
    }

    private static byte[] base64(Path file, JsonNode parent, String field) {
        try {
            return Base64.getDecoder().decode(parent.get(field).asString());
        } catch (IllegalArgumentException e) {
            throw new RecordingException(file, "\"" + field + "\" is not base64: " + e.getMessage(), e);
        }
    }

    private static String found(JsonNode node) {
        return node == null ? ", and is missing" : ", found " + node;
    }

    /** One header's value as sent: several values joined as HTTP joins them ({@code ;} for cookies). */
    private static String headerValue(String name, JsonNode value) {
        if (!value.isArray()) {
            return value.asString();
        }
        List<String> values = new ArrayList<>();
        value.forEach(v -> values.add(v.asString()));
        return String.join(name.equalsIgnoreCase("Cookie") ? "; " : ", ", values);
    }
}
