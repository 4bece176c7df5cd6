package dev.strangler.infra.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Long-running servers started as detached background processes: they get a session of their own
 * ({@code setsid}), so they leave our process group and outlive the JVM that started them, and their
 * output goes straight to a log file (no pipe back to us that could fill up or break when we exit).
 * They are later found again by pid and stopped with TERM, then KILL after a grace period.
 *
 * <p>Linux only: a process's command line is read from {@code /proc}.
 */
public final class DetachedProcesses {

    private static final Path PROC = Path.of("/proc");

    private DetachedProcesses() {}

    /**
     * Starts {@code command} in {@code workDir} with stdin from /dev/null and stdout and stderr
     * written to {@code logFile} (replaced); returns its pid.
     *
     * <p>{@code setsid} replaces itself with the command (it only forks when it is a process group
     * leader, which a child of this JVM is not), so the pid returned is the server's own.
     */
    public static long start(List<String> command, Path workDir, Path logFile) {
        return start(command, workDir, logFile, Set.of());
    }

    /** As {@link #start(List, Path, Path)}, with the environment variables {@code unset} left out of the command's. */
    public static long start(List<String> command, Path workDir, Path logFile, Set<String> unset) {
        List<String> full = new ArrayList<>();
        full.add("setsid");
        full.addAll(command);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true);
            builder.environment().keySet().removeAll(unset);
            Process process = builder.start();
            return process.pid();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** True when a process with this pid exists and is not a zombie waiting to be reaped. */
    public static boolean isAlive(long pid) {
        if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // Format: "pid (comm) S ...": the state letter follows the last ')'.
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return !afterName.startsWith("Z") && !afterName.startsWith("X");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The command line (program and arguments) of a live process, or empty when there is no such process. */
    public static Optional<List<String>> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            if (raw.length == 0) {
                return Optional.empty();
            }
            String text = new String(raw, StandardCharsets.UTF_8);
            if (text.endsWith("\0")) {
                text = text.substring(0, text.length() - 1);
            }
            return Optional.of(Arrays.asList(text.split("\0", -1)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends TERM to the process, waits up to {@code grace} for it to exit, then sends KILL and waits
     * a little more. Returns true when the process is gone (or was already gone).
     */
    public static boolean stop(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !isAlive(pid)) {
            return true;
        }
        handle.get().destroy();
        if (waitForExit(pid, grace)) {
            return true;
        }
        handle.get().destroyForcibly();
        return waitForExit(pid, Duration.ofSeconds(10));
    }

    /** Waits until the process has exited; returns false when it is still alive after {@code timeout}. */
    public static boolean waitForExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isAlive(pid);
            }
        }
        return true;
    }
}
