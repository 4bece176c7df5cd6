package dev.strangler.playbook.check;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * Runs {@code strangler} commands as separate processes, as an operator would, so that one can be
 * killed with SIGKILL at any moment. What a command prints goes to a log file; only its exit code is
 * read.
 */
final class StranglerProcess {

    /** The exit code recorded for a command this check killed. */
    static final int KILLED = 137;

    private final List<String> command;
    private final Path logFile;

    StranglerProcess(List<String> command, Path logFile) {
        this.command = command == null || command.isEmpty() ? thisJvm() : List.copyOf(command);
        this.logFile = logFile;
    }

    /**
     * This JVM's java running the strangler command line from this JVM's class path: {@code -jar} for
     * the strangler jar (a Spring Boot jar: its classes are nested, a class path cannot name them), the
     * main class otherwise (a test's class path, also when it is a manifest-only surefire booter jar).
     */
    static List<String> thisJvm() {
        List<String> c = new ArrayList<>();
        c.add(ProcessHandle.current().info().command().orElse("java"));
        String home = System.getProperty("strangler.home");
        if (home != null) {
            c.add("-Dstrangler.home=" + home);
        }
        String classPath = System.getProperty("java.class.path");
        if (isBootJar(classPath)) {
            c.addAll(List.of("-jar", classPath));
        } else {
            c.addAll(List.of("-cp", classPath, "dev.strangler.playbook.StranglerCommand"));
        }
        return c;
    }

    private static boolean isBootJar(String classPath) {
        if (!classPath.endsWith(".jar") || classPath.contains(File.pathSeparator)) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getManifest() != null
                    && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    Process start(List<String> args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(args);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Files.writeString(
                    logFile,
                    "\n$ strangler " + String.join(" ", args) + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new ProcessBuilder(all)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start strangler " + args, e);
        }
    }

    /** Its exit code; a command still running after {@code timeout} is killed and counts as {@link #KILLED}. */
    static int await(Process p, Duration timeout) throws InterruptedException {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            return KILLED;
        }
        return p.exitValue();
    }

    int run(List<String> args, Duration timeout) throws InterruptedException {
        return await(start(args), timeout);
    }
}
