package dev.strangler.playbook.sandbox;

import dev.strangler.playbook.sandbox.StoppedPart.Outcome;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Stops what a state file records, newest first (the monolith before the database it uses), and
 * nothing else: a Java part only when its pid still carries the sandbox's marks, PostgreSQL through
 * {@code pg_ctl} on the recorded data directory.
 */
final class SandboxStopper {

    private final PartProcesses processes;
    private final SandboxPostgres postgres;

    SandboxStopper(PartProcesses processes, SandboxPostgres postgres) {
        this.processes = processes;
        this.postgres = postgres;
    }

    List<StoppedPart> stop(SandboxState state, boolean wipeData) {
        List<StoppedPart> outcomes = new ArrayList<>();
        List<RunningPart> newestFirst = new ArrayList<>(state.parts());
        Collections.reverse(newestFirst);
        for (RunningPart part : newestFirst) {
            if (part.part() != SandboxPart.POSTGRES) {
                outcomes.add(stopJavaPart(part, state));
            }
        }
        outcomes.add(stopPostgres(state, wipeData));
        return outcomes;
    }

    private StoppedPart stopJavaPart(RunningPart part, SandboxState state) {
        if (!processes.isAlive(part.pid())) {
            return new StoppedPart(part.part(), part.pid(), Outcome.NOT_RUNNING, "was not running");
        }
        if (!processes.isOurs(part.part(), part.pid(), state.stateDir())) {
            return new StoppedPart(
                    part.part(),
                    part.pid(),
                    Outcome.LEFT_ALONE,
                    "pid " + part.pid() + " now runs something else, left alone: "
                            + abbreviate(processes.commandLineOf(part.pid())));
        }
        return processes.stop(part.pid())
                ? new StoppedPart(part.part(), part.pid(), Outcome.STOPPED, "stopped")
                : new StoppedPart(part.part(), part.pid(), Outcome.STILL_RUNNING, "did not exit even after KILL");
    }

    private StoppedPart stopPostgres(SandboxState state, boolean wipeData) {
        RunningPart recorded = state.part(SandboxPart.POSTGRES).orElse(null);
        long pid = recorded == null ? 0 : recorded.pid();
        int port = recorded == null ? 0 : recorded.port();
        if (state.postgresDataDir() == null || !Files.exists(state.postgresDataDir())) {
            return new StoppedPart(SandboxPart.POSTGRES, pid, Outcome.NOT_RUNNING, "no data directory");
        }
        boolean wasRunning = recorded != null && processes.isAlive(pid);
        try {
            if (wipeData) {
                postgres.destroy(state.postgresDataDir(), port);
            } else {
                postgres.stop(state.postgresDataDir(), port);
            }
        } catch (RuntimeException e) {
            return new StoppedPart(
                    SandboxPart.POSTGRES, pid, Outcome.STILL_RUNNING, "pg_ctl stop failed: " + e.getMessage());
        }
        String data = wipeData ? "data deleted" : "data kept in " + state.postgresDataDir();
        return new StoppedPart(
                SandboxPart.POSTGRES,
                pid,
                wasRunning ? Outcome.STOPPED : Outcome.NOT_RUNNING,
                (wasRunning ? "stopped" : "was not running") + ", " + data);
    }

    private static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }
}
