package dev.strangler.playbook.sandbox;

import dev.strangler.infra.postgres.PostgresCluster;
import dev.strangler.infra.process.DetachedProcesses;
import dev.strangler.infra.process.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sandbox's PostgreSQL, run by the toolkit's one PostgreSQL launcher. Its data is kept between
 * {@code down} and the next {@code up}, so the monolith's data survives a restart.
 */
final class SandboxPostgres {

    /**
     * The data directory for a state directory and port. The port is part of the name because it is
     * written into the cluster's configuration when the cluster is created: another port needs another
     * cluster. As root, the launcher moves the directory to where the {@code postgres} user can reach it.
     */
    static Path dataDirFor(Path stateDir, int port) {
        return PostgresCluster.dataDirReachableFrom(
                stateDir.resolve("postgres-" + port).resolve("data"));
    }

    /**
     * Starts the cluster, creates the monolith's database, writes the credentials the other parts log in
     * with, and links its log into {@code <state>/logs}.
     */
    RunningPart start(Path stateDir, Path dataDir, int port) {
        try {
            // Also where the data is not (as root): `down --wipe` finds the cluster of a stopped sandbox by this name.
            Files.createDirectories(stateDir.resolve("postgres-" + port));
        } catch (IOException e) {
            throw new SandboxException(
                    "cannot create " + stateDir.resolve("postgres-" + port) + ": " + e.getMessage(), e);
        }
        PostgresCluster cluster = PostgresCluster.at(dataDir, port);
        cluster.start();
        cluster.createDatabase(PartCommands.MONOLITH_DATABASE);
        SandboxDatabase.writeCredentials(stateDir, cluster);
        linkLog(stateDir, cluster.logFile());
        return new RunningPart(
                SandboxPart.POSTGRES,
                postmasterPid(dataDir),
                port,
                cluster.jdbcUrl(PartCommands.MONOLITH_DATABASE),
                null,
                cluster.logFile());
    }

    boolean isAlive(RunningPart postgres) {
        return DetachedProcesses.isAlive(postgres.pid()) && FreePorts.isListening(postgres.port());
    }

    /** Stops the cluster in that data directory through {@code pg_ctl}: it can only ever stop that very server. */
    void stop(Path dataDir, int port) {
        PostgresCluster.at(dataDir, port).stop();
    }

    /** Stops the cluster and deletes its data. */
    void destroy(Path dataDir, int port) {
        PostgresCluster.at(dataDir, port).destroy();
    }

    private static long postmasterPid(Path dataDir) {
        try {
            return Long.parseLong(
                    Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            throw new SandboxException(
                    "PostgreSQL started but its pid file " + dataDir.resolve("postmaster.pid") + " is not readable: "
                            + e.getMessage(),
                    e);
        }
    }

    private static void linkLog(Path stateDir, Path log) {
        Path link = stateDir.resolve("logs").resolve("postgres.log");
        try {
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, log);
        } catch (IOException | UnsupportedOperationException e) {
            // Only a convenience: the state file records the real log path.
        }
    }
}
