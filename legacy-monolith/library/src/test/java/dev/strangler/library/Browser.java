package dev.strangler.library;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that keeps cookies as a browser or a mobile app does, and does not follow redirects, so that tests see them.
 */
final class Browser {

    record Response(int status, String contentType, Map<String, List<String>> headers, byte[] bytes) {

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JSON.readTree(bytes);
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        String location() {
            return header("Location").orElseThrow(() -> new AssertionError("no Location in a " + status));
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final String origin;

    Browser(int port) {
        this.origin = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** An absolute URL of a path on the app (a path already absolute is kept). */
    String url(String path) {
        return path.startsWith("http") ? path : origin + path;
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    Response postJson(String path, Object body) {
        return send("POST", path, "application/json", JSON.writeValueAsBytes(body));
    }

    Response patchJson(String path, Object body) {
        return send("PATCH", path, "application/json", JSON.writeValueAsBytes(body));
    }

    Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    Response postForm(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send("POST", path, "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8));
    }

    Response send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().map(),
                    response.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /** The CSRF token the login form carries, read from the page as a browser would submit it. */
    String loginFormToken() {
        Response page = get("/library/login");
        if (page.status() != 200) {
            throw new AssertionError("no login form: " + page.status() + " " + page.text());
        }
        return csrfTokenOf(page.text());
    }

    /** The CSRF token a page's form carries in its hidden {@code _csrf} field. */
    static String csrfTokenOf(String html) {
        Matcher token = CSRF_FIELD.matcher(html);
        if (!token.find()) {
            throw new AssertionError("no form with a CSRF token in: " + html);
        }
        return token.group(1);
    }

    /** Fills in and sends the login form; the answer is the form's redirect. */
    Response submitLogin(String email, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", email);
        form.put("password", password);
        form.put("_csrf", loginFormToken());
        return postForm("/library/login", form);
    }

    /** Logs in and checks that it worked. */
    Browser loggedInAs(String email, String password) {
        Response answer = submitLogin(email, password);
        if (answer.status() != 302 || answer.location().contains("error")) {
            throw new AssertionError("login as " + email + " failed: " + answer.status() + " " + answer.headers());
        }
        return this;
    }

    Optional<HttpCookie> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst();
    }
}
