package dev.strangler.gateway.metrics;

/**
 * Why a service's answer was replaced by the monolith's: the {@code cause} tag of {@code strangler.fallbacks}, and
 * what the log says.
 */
public enum FallbackCause {
    /** The service answered 5xx. */
    SERVER_ERROR("5xx"),
    /** The service's circuit breaker is open. */
    BREAKER_OPEN("breaker-open"),
    /** The service did not answer within its timeout. */
    TIMEOUT("timeout"),
    /** The service could not be reached. */
    CONNECT("connect"),
    /** Any other failure. */
    ERROR("error");

    private final String tag;

    FallbackCause(String tag) {
        this.tag = tag;
    }

    /** The value of the metric tag and of the log. */
    public String tag() {
        return tag;
    }
}
