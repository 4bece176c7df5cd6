package dev.strangler.playbook.contract;

import java.time.Duration;
import java.util.List;

/**
 * How one scenario went.
 *
 * @param name     the scenario's name
 * @param passed   whether the backend kept the contract
 * @param failures what went wrong: which step, what was expected, what came back; empty when passed
 * @param took     how long the scenario ran
 */
public record ScenarioResult(String name, boolean passed, List<String> failures, Duration took) {

    /** Copies {@code failures}. */
    public ScenarioResult {
        failures = List.copyOf(failures);
    }
}
