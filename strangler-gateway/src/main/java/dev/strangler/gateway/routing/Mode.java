package dev.strangler.gateway.routing;

import java.util.Locale;

/** Where a route's traffic goes: the steps of moving an endpoint from the monolith to a service. */
public enum Mode {
    /** Everything to the monolith (targeting rules may still send chosen requests to the service). */
    MONOLITH,
    /** The monolith answers; a copy goes to the service and the two answers are compared. */
    SHADOW,
    /** A stable share of clients, by bucket of their stick-by key, goes to the service. */
    CANARY,
    /** Everything to the service, with fallback to the monolith for safe methods when allowed. */
    SERVICE;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode parse(String value) {
        return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
