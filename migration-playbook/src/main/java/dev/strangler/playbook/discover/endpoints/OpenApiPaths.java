package dev.strangler.playbook.discover.endpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The operations an OpenAPI 3 document declares (JSON or YAML, from a file or a URL): each path's methods, the
 * path put behind the path of the first server URL (a monolith under {@code /app} declares
 * {@code servers: [{url: /app}]}), and its parameters ({@code {id}}) written as {@code *}, as a route pattern
 * and a path inferred from traffic write them. Only paths and methods are read: no OpenAPI library is needed.
 */
public final class OpenApiPaths {

    /** One declared operation. */
    public record Operation(String method, String template) {}

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private OpenApiPaths() {}

    /** Reads {@code location}: an http(s) URL or a file. */
    public static List<Operation> read(String location) {
        String text =
                location.startsWith("http://") || location.startsWith("https://") ? fetch(location) : file(location);
        JsonNode doc;
        try {
            doc = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "--openapi " + location + ": neither JSON nor YAML: " + e.getOriginalMessage());
        }
        if (doc == null || !doc.path("openapi").asString("").startsWith("3")) {
            throw new IllegalArgumentException("--openapi " + location + ": not an OpenAPI 3 document (it needs "
                    + "'openapi: 3.x' at the top; a Swagger 2 document can be converted with swagger2openapi)");
        }
        String prefix = serverPath(doc.path("servers").path(0).path("url").asString(""));
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            String template = prefix + path.getKey().replaceAll("\\{[^}/]*}", "*");
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (METHODS.contains(op.getKey().toLowerCase(Locale.ROOT))) {
                    operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), template));
                }
            }
        }
        return operations;
    }

    /** The path of a server URL ({@code https://h/app/} and {@code /app} give {@code /app}), without a trailing /. */
    static String serverPath(String url) {
        String path =
                url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") ? URI.create(url).getPath() : url;
        if (path == null || path.isBlank() || path.contains("{")) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String file(String location) {
        try {
            return Files.readString(Path.of(location));
        } catch (IOException e) {
            throw new UncheckedIOException("--openapi " + location + ": cannot read the file", e);
        }
    }

    private static String fetch(String url) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("--openapi " + url + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("--openapi " + url + ": cannot fetch it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + url, e);
        }
    }
}
