package dev.strangler.gateway.routing;

import java.util.Set;

/**
 * Sends matching requests to one side whatever the percent: a header with one of the values
 * (e.g. an internal beta flag), or a stick-by key in a list (e.g. named test users).
 */
public record TargetingRule(String header, Set<String> values, Set<String> keys, Target target) {

    public boolean matches(RequestFacts request, String stickyKey) {
        if (header != null) {
            String value = request.header(header);
            return value != null && values.contains(value);
        }
        return stickyKey != null && keys.contains(stickyKey);
    }
}
