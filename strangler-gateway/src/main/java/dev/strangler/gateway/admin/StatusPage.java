package dev.strangler.gateway.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The status page on the admin port: {@code /status}, a static page with its script and style, which reads the
 * admin API's JSON with the token a person types in (the read token is enough) and draws each feature's migration
 * progress (what happens next first), routes, traffic, shadow mismatches, breakers, holds, cutovers under way and
 * the audit log, every two seconds.
 *
 * <p>The page itself holds no data, so it is served without a token; everything it shows comes through the
 * authenticated API. Its Content-Security-Policy allows only its own script, style and calls to this port: what
 * the page draws from the API (bodies of shadow mismatches included) is set as text, never as markup.
 */
public final class StatusPage {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private record Asset(byte[] bytes, MediaType type) {}

    private final Map<String, Asset> assets = Map.of(
            "/status", asset("index.html", MediaType.TEXT_HTML),
            "/status/", asset("index.html", MediaType.TEXT_HTML),
            "/status/status.js", asset("status.js", MediaType.parseMediaType("text/javascript")),
            "/status/status.css", asset("status.css", MediaType.parseMediaType("text/css")));

    public RouterFunction<ServerResponse> router() {
        RouterFunctions.Builder routes = RouterFunctions.route();
        assets.forEach((path, asset) -> routes.GET(
                path,
                r -> ServerResponse.ok()
                        .contentType(asset.type())
                        .cacheControl(CacheControl.noStore())
                        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Referrer-Policy", "no-referrer")
                        .header(HttpHeaders.CONTENT_LENGTH, Integer.toString(asset.bytes().length))
                        .bodyValue(asset.bytes())));
        return routes.build();
    }

    private static Asset asset(String name, MediaType type) {
        try (InputStream in = StatusPage.class.getResourceAsStream("/status/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the status page's " + name + " is missing from the gateway's jar");
            }
            MediaType withCharset = new MediaType(type, java.nio.charset.StandardCharsets.UTF_8);
            return new Asset(in.readAllBytes(), withCharset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
