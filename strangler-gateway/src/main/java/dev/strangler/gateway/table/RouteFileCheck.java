package dev.strangler.gateway.table;

import dev.strangler.gateway.routing.RouteTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compiles a route file exactly as the running gateway would, without starting it: the check behind
 * {@code java -jar strangler-gateway.jar --check-routes=FILE} ({@code config.CheckRoutesCommand}). Tools that write
 * route files (the playbook's {@code strangler discover}) do not depend on the gateway's classes, so this is how
 * they have their drafts checked by the gateway's own parser and compiler.
 */
public final class RouteFileCheck {

    /**
     * The outcome: {@code valid}, the {@code errors} (each naming its line and field, as the gateway logs them
     * when it rejects a reload) and how many {@code routes} the table has.
     */
    public record Result(boolean valid, List<String> errors, int routes) {}

    private RouteFileCheck() {}

    /** Checks {@code file}. */
    public static Result check(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Result(false, List.of("cannot read " + file + ": " + e.getMessage()), 0);
        }
        try {
            RouteTable table = new RouteTableCompiler().compile(file.toString(), text);
            return new Result(true, List.of(), table.routes().size());
        } catch (RouteTableException rejected) {
            return new Result(false, rejected.problems(), 0);
        }
    }
}
