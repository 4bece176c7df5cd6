package dev.strangler.librarybooks.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The headers Spring Security writes on every answer of the monolith (no caching, no sniffing, no framing), written
 * here too: a client sees the same answer from either side, a cache keeps the service's no longer than the
 * monolith's. The service has no login of its own (its routes are public reads), so it has no Spring Security to
 * write them; the walk's replay compares {@code Cache-Control} and found them missing before this.
 */
@Component
class MonolithResponseHeaders extends OncePerRequestFilter {

    static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-cache, no-store, max-age=0, must-revalidate",
            "Pragma", "no-cache",
            "Expires", "0",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "X-XSS-Protection", "0");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HEADERS.forEach(response::setHeader);
        chain.doFilter(request, response);
    }
}
