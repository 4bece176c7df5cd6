package dev.strangler.gateway.config;

import dev.strangler.gateway.table.RouteFileCheck;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar strangler-gateway.jar --check-routes=FILE}: runs {@link RouteFileCheck} before Spring starts,
 * prints its result as one JSON object ({@code {"valid":..,"errors":[..],"routes":N}}) and gives the exit status,
 * so another program reads the verdict as a value rather than parsing log lines.
 */
public final class CheckRoutesCommand {

    /** The command-line flag that asks for a check instead of a server. */
    public static final String FLAG = "--check-routes=";

    /** Exit status of a valid file. */
    public static final int VALID = 0;

    /** Exit status of a rejected or unreadable file. */
    public static final int INVALID = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CheckRoutesCommand() {}

    /** The file {@code args} asks to check, if they ask for a check. */
    public static Optional<Path> requested(String[] args) {
        for (String arg : args) {
            if (arg.startsWith(FLAG)) {
                return Optional.of(Path.of(arg.substring(FLAG.length())));
            }
        }
        return Optional.empty();
    }

    /** Checks {@code file}, prints the result as JSON on {@code out}, and returns the exit status. */
    public static int run(Path file, PrintStream out) {
        RouteFileCheck.Result result = RouteFileCheck.check(file);
        out.println(JSON.writeValueAsString(result));
        out.flush();
        return result.valid() ? VALID : INVALID;
    }
}
