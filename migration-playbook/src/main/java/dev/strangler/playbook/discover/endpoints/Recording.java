package dev.strangler.playbook.discover.endpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a recording directory as {@code strangler record} writes it ({@code recording.json} with
 * {@code "format": "strangler-recording/1"}, and one WireMock stub mapping per exchange under {@code mappings/}):
 * each mapping's request method and url, response status, and the {@code metadata.strangler} block's duration and
 * matched route template. A WireMock root directory without {@code recording.json} (WireMock's own recorder) is
 * read too, without durations and templates.
 */
public final class Recording {

    /** The format this version reads. */
    public static final String FORMAT = "strangler-recording/1";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Recording() {}

    public static List<RecordedExchange> read(Path dir) {
        Path mappings = dir.resolve("mappings");
        if (!Files.isDirectory(mappings)) {
            throw new IllegalArgumentException("--recording " + dir + ": not a recording, it has no mappings/ "
                    + "directory (a recording is what `strangler record` writes: recording.json and mappings/*.json)");
        }
        Path header = dir.resolve("recording.json");
        if (Files.exists(header)) {
            String format = tree(header).path("format").asString("");
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException(
                        header + " says format '" + format + "'; this version of strangler" + " reads " + FORMAT);
            }
        }
        List<RecordedExchange> exchanges = new ArrayList<>();
        try (Stream<Path> files = Files.list(mappings)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                exchanges.add(exchange(file, tree(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + mappings, e);
        }
        return exchanges;
    }

    private static RecordedExchange exchange(Path file, JsonNode mapping) {
        JsonNode request = mapping.path("request");
        String method = request.path("method").asString("");
        String url = request.path("url").asString(request.path("urlPath").asString(""));
        if (method.isEmpty() || !url.startsWith("/")) {
            throw new IllegalArgumentException(file + ": a stub mapping needs request.method and request.url "
                    + "(a path starting with /); it has method '" + method + "' and url '" + url + "'");
        }
        int query = url.indexOf('?');
        JsonNode strangler = mapping.path("metadata").path("strangler");
        JsonNode duration = strangler.path("durationMs");
        JsonNode template = strangler.path("template");
        return new RecordedExchange(
                method.toUpperCase(Locale.ROOT),
                query < 0 ? url : url.substring(0, query),
                mapping.path("response").path("status").asInt(200),
                duration.isNumber() ? duration.asDouble() : null,
                template.isString() && !template.asString().isBlank() ? template.asString() : null);
    }

    private static JsonNode tree(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
    }
}
