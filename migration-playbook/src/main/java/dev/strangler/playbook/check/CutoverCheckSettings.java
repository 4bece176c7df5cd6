package dev.strangler.playbook.check;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a cutover check runs against and how hard it pushes.
 *
 * @param gateway        where the writers send their requests (one gateway, or a load balancer in front of several)
 * @param gatewayAdmin   the admin API the cutover commands drive
 * @param replicaAdmins  the admin APIs of the other gateway replicas behind {@code gateway}: a hold's time is
 *                       its longest closed gate on any replica, read from every replica's audit log
 * @param sandboxDir     the sandbox state directory (the gateway's admin token)
 * @param replicas       how many gateway replicas serve {@code gateway}; only reported
 * @param cycles         write cutovers, each followed by its rollback
 * @param slowShare      the share of writes held 1 to 2 s at their backend by a row lock
 * @param pause          between a cutover and its rollback, and between cycles
 * @param maxDuration    the whole run's bound: the writers stop then whatever happens
 * @param faults         injected one per cycle, in turn, at a random moment
 * @param faultHook      the command that injects a gateway or Connect fault; the fault's name is appended
 * @param strangler      the command that runs {@code strangler} as a separate process (null: this JVM's)
 * @param history        where the history is written (JSON lines)
 * @param readYourWrites the window in which a caller must read its own write; a little under the gateway's,
 *                       whose window starts before the caller sees the answer
 */
public record CutoverCheckSettings(
        URI gateway,
        URI gatewayAdmin,
        List<URI> replicaAdmins,
        URI connect,
        Path plan,
        Path sandboxDir,
        int replicas,
        int writers,
        int rows,
        int cycles,
        double slowShare,
        long seed,
        Duration pause,
        Duration maxDuration,
        List<Fault> faults,
        List<String> faultHook,
        List<String> strangler,
        Path history,
        Duration readYourWrites) {

    /** A fault injected during a cycle. */
    public enum Fault {
        /** kill -9 of the cutover or rollback command at a random moment; the same command is run again afterwards. */
        COMMAND,
        /** kill -9 of a gateway replica (the fault hook restarts it). */
        GATEWAY,
        /** kill -9 of the Kafka Connect worker (the fault hook restarts it). */
        CONNECT
    }

    public CutoverCheckSettings {
        if (writers < 1 || rows < 1 || cycles < 0) {
            throw new IllegalArgumentException("writers and rows must be at least 1 and cycles at least 0 (got writers="
                    + writers + ", rows=" + rows + ", cycles=" + cycles + ")");
        }
        if (slowShare < 0 || slowShare > 1) {
            throw new IllegalArgumentException("slow share must be between 0 and 1, got " + slowShare);
        }
        replicaAdmins = replicaAdmins == null ? List.of() : List.copyOf(replicaAdmins);
        for (URI uri : Stream.concat(Stream.of(gateway, gatewayAdmin, connect), replicaAdmins.stream())
                .toList()) {
            if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
                throw new IllegalArgumentException("the cutover check runs only against 127.0.0.1, not " + uri);
            }
        }
        faults = List.copyOf(faults);
        faultHook = faultHook == null ? List.of() : List.copyOf(faultHook);
        if (faultHook.isEmpty() && faults.stream().anyMatch(f -> f != Fault.COMMAND)) {
            throw new IllegalArgumentException(
                    "faults " + faults + " need a fault hook that kills and restarts the process");
        }
    }
}
