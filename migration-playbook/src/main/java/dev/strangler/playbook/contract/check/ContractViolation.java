package dev.strangler.playbook.contract.check;

import dev.strangler.playbook.contract.http.ApiResponse;

/**
 * The backend broke the contract (or could not be reached): the scenario stops and its message
 * becomes the scenario's failure. The message names the step, what was expected and what came back.
 */
public final class ContractViolation extends RuntimeException {

    /** A violation described entirely by {@code message}. */
    public ContractViolation(String message) {
        super(message);
    }

    /** A violation found in {@code response}: its step, the expectation, the actual value and the response. */
    public static ContractViolation in(ApiResponse response, String expected, String actual) {
        return new ContractViolation(response.where() + ": expected " + expected + ", got " + actual
                + "; response: HTTP " + response.status() + " " + response.excerpt());
    }
}
