package dev.strangler.gateway.routing;

import java.net.URI;

/**
 * Where a request goes on an upstream: the one rule for the monolith, a service, and a shadow copy alike.
 *
 * <p>The upstream's scheme, host and port replace the request's; the path is the base URL's path, then the
 * request's path with the service's {@code strip-prefix} removed. So with {@code url: http://svc:8081/catalog}
 * and {@code strip-prefix: /app}, {@code /app/api/products/5?x=1} goes to {@code /catalog/api/products/5?x=1}.
 * The already-encoded path and query are kept as they are: no decoding, no re-encoding.
 */
public final class UpstreamUri {

    private UpstreamUri() {}

    /**
     * The upstream URL of {@code incoming} on {@code base}. {@code stripPrefix} is empty or a path such as
     * {@code /app} (no trailing slash); it is removed only at a segment boundary, and a path outside it is kept
     * whole (the route table refuses routes to a service outside its prefix, so that is the monolith's case only).
     */
    public static URI of(URI incoming, URI base, String stripPrefix, boolean ignoreCase) {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String path = incoming.getRawPath() == null || incoming.getRawPath().isEmpty() ? "/" : incoming.getRawPath();
        path = stripped(path, stripPrefix, ignoreCase);
        String query = incoming.getRawQuery();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + path
                + (query == null ? "" : "?" + query));
    }

    /** {@code path} without {@code prefix} when it starts with it at a segment boundary ({@code /app} is root). */
    public static String stripped(String path, String prefix, boolean ignoreCase) {
        if (!under(path, prefix, ignoreCase)) {
            return path;
        }
        String rest = path.substring(prefix.length());
        return rest.isEmpty() ? "/" : rest;
    }

    /** Whether {@code path} is {@code prefix} or below it; every path is below the empty prefix. */
    public static boolean under(String path, String prefix, boolean ignoreCase) {
        if (prefix == null || prefix.isEmpty()) {
            return true;
        }
        return path.regionMatches(ignoreCase, 0, prefix, 0, prefix.length())
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
