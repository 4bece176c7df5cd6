package dev.strangler.gateway.table;

import java.util.List;

/** A route file that cannot become the live table; {@link #problems()} says where and why, one line each. */
public class RouteTableException extends RuntimeException {

    private final List<String> problems;

    public RouteTableException(String source, List<String> problems) {
        super("route file " + source + " rejected:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
