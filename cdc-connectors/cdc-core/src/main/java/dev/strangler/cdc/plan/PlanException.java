package dev.strangler.cdc.plan;

import java.util.List;

/** A plan that must not be applied; {@link #problems()} names the stream, table and column of each problem. */
public class PlanException extends RuntimeException {

    private final List<String> problems;

    public PlanException(String source, List<String> problems) {
        super("migration plan " + source + " rejected:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
