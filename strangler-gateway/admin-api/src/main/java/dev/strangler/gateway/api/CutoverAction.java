package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the gateway does right after it recorded a cutover step ({@code then} of {@link CutoverStepRequest}),
 * in the same call: the driver's steps that act on the gateway alone, so that inside a hold they cost
 * one round trip, not two.
 */
public enum CutoverAction {
    /** Every route of the cutover to the service. */
    FLIP_TO_SERVICE("flip-to-service"),
    /** Every route of the cutover to the monolith. */
    FLIP_TO_MONOLITH("flip-to-monolith"),
    /** Release the holds of every route of the cutover (a route not held is skipped). */
    RELEASE("release");

    private final String value;

    CutoverAction(String value) {
        this.value = value;
    }

    /** The value in the admin API's JSON. */
    @JsonValue
    public String value() {
        return value;
    }
}
