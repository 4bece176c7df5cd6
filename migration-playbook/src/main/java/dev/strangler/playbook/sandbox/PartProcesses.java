package dev.strangler.playbook.sandbox;

import dev.strangler.infra.process.DetachedProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Starts the Java parts of the sandbox as detached JVMs marked with the part and the state directory
 * ({@code -Dstrangler.sandbox.part=...}, {@code -Dstrangler.sandbox.state=...}), and stops them again
 * only after checking that the pid still carries those marks: a pid recorded yesterday may belong to
 * someone else's process today.
 */
final class PartProcesses {

    static final String PART_PROPERTY = "strangler.sandbox.part";
    static final String STATE_PROPERTY = "strangler.sandbox.state";

    private final Path java;
    private final Duration stopGrace;

    PartProcesses(Path java, Duration stopGrace) {
        this.java = java;
        this.stopGrace = stopGrace;
    }

    /**
     * The sandbox's own variables: each part's port, the admin port, the state directory. The parts get them as
     * arguments, never in their environment, where Spring would read {@code STRANGLER_MONOLITH_PORT} as the gateway's
     * {@code strangler.monolith.port} and refuse to start. A variable meant for a part (a gateway setting) still
     * reaches it.
     */
    static final Set<String> SANDBOX_VARIABLES = sandboxVariables();

    private static Set<String> sandboxVariables() {
        Set<String> names = new TreeSet<>(Set.of("STRANGLER_GATEWAY_ADMIN_PORT", "STRANGLER_SANDBOX_DIR"));
        for (SandboxPart part : SandboxPart.values()) {
            names.add(part.portEnvironmentVariable());
        }
        return Set.copyOf(names);
    }

    /** Runs parts with the same Java as this program. */
    static PartProcesses withThisJava() {
        return new PartProcesses(Path.of(System.getProperty("java.home"), "bin", "java"), Duration.ofSeconds(20));
    }

    long launch(SandboxPart part, Path stateDir, List<String> jvmArguments, Path log) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add(partMarker(part));
        command.add(stateMarker(stateDir));
        command.addAll(jvmArguments);
        return DetachedProcesses.start(command, stateDir, log, SANDBOX_VARIABLES);
    }

    boolean isAlive(long pid) {
        return DetachedProcesses.isAlive(pid);
    }

    /** True when the pid is alive and is the JVM this state directory started for that part. */
    boolean isOurs(SandboxPart part, long pid, Path stateDir) {
        return DetachedProcesses.isAlive(pid)
                && DetachedProcesses.commandLine(pid)
                        .map(cmd -> cmd.contains(partMarker(part)) && cmd.contains(stateMarker(stateDir)))
                        .orElse(false);
    }

    /** The command line a pid runs now, for telling the user what was left alone. */
    String commandLineOf(long pid) {
        return DetachedProcesses.commandLine(pid)
                .map(cmd -> String.join(" ", cmd))
                .orElse("(gone)");
    }

    /** TERM, then KILL after the grace period; true when the process is gone. */
    boolean stop(long pid) {
        return DetachedProcesses.stop(pid, stopGrace);
    }

    /** The markers a part's JVM carries, for parts started by another launcher (Kafka, Connect). */
    static List<String> markers(SandboxPart part, Path stateDir) {
        return List.of(partMarker(part), stateMarker(stateDir));
    }

    private static String partMarker(SandboxPart part) {
        return "-D" + PART_PROPERTY + "=" + part.label();
    }

    private static String stateMarker(Path stateDir) {
        return "-D" + STATE_PROPERTY + "=" + stateDir.toAbsolutePath().normalize();
    }
}
