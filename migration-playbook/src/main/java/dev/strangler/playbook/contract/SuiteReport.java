package dev.strangler.playbook.contract;

import java.util.List;
import java.util.Optional;

/** The results of one suite run, in the order the scenarios ran. */
public record SuiteReport(List<ScenarioResult> results) {

    /** Copies {@code results}. */
    public SuiteReport {
        results = List.copyOf(results);
    }

    /** Whether every scenario passed (and at least one ran). */
    public boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(ScenarioResult::passed);
    }

    /** How many scenarios passed. */
    public long passedCount() {
        return results.stream().filter(ScenarioResult::passed).count();
    }

    /** How many scenarios failed. */
    public long failedCount() {
        return results.size() - passedCount();
    }

    /** The result of the scenario called {@code name}, if it ran. */
    public Optional<ScenarioResult> result(String name) {
        return results.stream().filter(result -> result.name().equals(name)).findFirst();
    }
}
