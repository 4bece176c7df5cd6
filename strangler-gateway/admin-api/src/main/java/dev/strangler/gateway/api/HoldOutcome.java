package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a hold ended ({@code how} of {@link HoldReleased}): released by a caller, or expired at its limit. */
public enum HoldOutcome {
    /** A caller released it ({@code DELETE /admin/routes/{id}/hold}), or there was none to release. */
    RELEASED("released"),
    /** Its limit ran out and the gateway released it. */
    EXPIRED("expired");

    private final String value;

    HoldOutcome(String value) {
        this.value = value;
    }

    /** The value in the admin API's JSON. */
    @JsonValue
    public String value() {
        return value;
    }
}
