package dev.strangler.library.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Set;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The JSON and bytes API as opposed to the HTML pages, and which of its requests a browser on another site cannot
 * forge. Those need no CSRF token: a cross-site form can only send GET or POST with one of the three content types
 * HTML forms use; anything else (PUT, PATCH, DELETE, a JSON or image body) makes the browser ask first (CORS
 * preflight), which this app never allows. So a mobile client with only the session cookie can write, and a form on
 * a hostile page cannot.
 */
final class ApiRequests {

    /** {@code /api/**} and the covers. */
    static final RequestMatcher API = new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
            PathPatternRequestMatcher.withDefaults().matcher("/books/*/cover"));

    private static final Set<String> FORM_CONTENT_TYPES =
            Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

    /** API requests no cross-site page can send. */
    static final RequestMatcher NOT_FORGEABLE = request -> API.matches(request) && !formLike(request);

    private ApiRequests() {}

    private static boolean formLike(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        String type = request.getContentType();
        if (type == null) {
            return true;
        }
        String bare = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return FORM_CONTENT_TYPES.contains(bare);
    }
}
