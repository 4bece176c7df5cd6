package dev.strangler.gateway.routing;

import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;

/**
 * One validated route of the live table.
 *
 * @param methods            the methods it takes; empty means all
 * @param percentBasisPoints the canary share in hundredths of a percent (0..10000)
 * @param fallbackToMonolith whether safe requests the service fails are answered by the monolith
 * @param line               where the route starts in the route file, for messages
 */
public record StrangledRoute(
        String id,
        Set<HttpMethod> methods,
        List<PathPattern> paths,
        String service,
        Mode mode,
        int percentBasisPoints,
        List<StickBy> stickBy,
        List<TargetingRule> targeting,
        boolean fallbackToMonolith,
        ShadowOptions shadow,
        int line) {

    public boolean takes(HttpMethod method) {
        return methods.isEmpty() || methods.contains(method);
    }

    /** The first stick-by key the request carries, or null. */
    public String stickyKey(RequestFacts request) {
        for (StickBy s : stickBy) {
            String key = s.extract(request);
            if (key != null) {
                return key;
            }
        }
        return null;
    }
}
