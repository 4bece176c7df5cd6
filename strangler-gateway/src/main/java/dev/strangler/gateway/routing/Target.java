package dev.strangler.gateway.routing;

/** The side that serves a request. */
public enum Target {
    MONOLITH,
    SERVICE;

    public String tag() {
        return this == MONOLITH ? "monolith" : "service";
    }
}
