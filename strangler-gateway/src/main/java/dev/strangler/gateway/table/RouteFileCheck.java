package dev.strangler.gateway.table;

import dev.strangler.gateway.routing.RouteTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar strangler-gateway.jar --check-routes=FILE}: compiles a route file exactly as the running
 * gateway would, without starting it, and prints the outcome as one JSON object. Tools that write route files
 * (the playbook's {@code strangler discover}) do not depend on the gateway's classes, so this is how they
 * have their drafts checked by the gateway's own parser and compiler, and read the answer as a value.
 */
public final class RouteFileCheck {

    /** The command-line flag that asks for a check instead of a server. */
    public static final String FLAG = "--check-routes=";

    /** Exit status of a valid file. */
    public static final int VALID = 0;

    /** Exit status of a rejected or unreadable file. */
    public static final int INVALID = 1;

    /**
     * The outcome: {@code valid}, the {@code errors} (each naming its line and field, as the gateway logs them
     * when it rejects a reload) and how many {@code routes} the table has.
     */
    public record Result(boolean valid, List<String> errors, int routes) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RouteFileCheck() {}

    /** The file {@code args} asks to check, if they ask for a check. */
    public static Optional<Path> requested(String[] args) {
        for (String arg : args) {
            if (arg.startsWith(FLAG)) {
                return Optional.of(Path.of(arg.substring(FLAG.length())));
            }
        }
        return Optional.empty();
    }

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

    /** Checks {@code file}, prints the result as JSON on {@code out}, and returns the exit status. */
    public static int run(Path file, PrintStream out) {
        Result result = check(file);
        out.println(JSON.writeValueAsString(result));
        out.flush();
        return result.valid() ? VALID : INVALID;
    }
}
