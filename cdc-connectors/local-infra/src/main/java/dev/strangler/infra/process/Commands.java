package dev.strangler.infra.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short-lived commands (initdb, pg_ctl) to completion and turns a failure into an exception that shows their output. */
public final class Commands {

    private Commands() {}

    /** The result of a finished command. */
    public record Result(int exitCode, String output) {}

    /** Runs the command, as {@code runAs} when that is non-null (we are root then), and fails unless it exits 0. */
    public static String run(String runAs, List<String> command, long timeoutSeconds) {
        Result result = runAllowingFailure(runAs, command, timeoutSeconds);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("command failed with exit code " + result.exitCode() + ": "
                    + String.join(" ", command) + "\n" + result.output().strip());
        }
        return result.output();
    }

    /** Runs the command and returns its exit code and combined output, whatever the exit code. */
    public static Result runAllowingFailure(String runAs, List<String> command, long timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (runAs != null) {
            full.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "command did not finish within " + timeoutSeconds + " s: " + String.join(" ", full));
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", full), e);
        }
    }

    /** True when this JVM runs as the superuser. */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
