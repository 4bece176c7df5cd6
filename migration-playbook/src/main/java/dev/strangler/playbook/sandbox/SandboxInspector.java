package dev.strangler.playbook.sandbox;

import java.util.List;

/** Tells, part by part, whether what a state file records is still running and answering. */
final class SandboxInspector {

    private final PartProcesses processes;
    private final SandboxPostgres postgres;
    private final HealthProbe health;

    SandboxInspector(PartProcesses processes, SandboxPostgres postgres, HealthProbe health) {
        this.processes = processes;
        this.postgres = postgres;
        this.health = health;
    }

    SandboxStatus inspect(SandboxState state) {
        List<PartStatus> parts = state.parts().stream()
                .map(p -> {
                    boolean alive = isAlive(p, state);
                    long memory = alive ? ProcessMemory.of(p.pid()).orElse(-1) : -1;
                    return new PartStatus(p.part(), p.pid(), p.port(), p.url(), alive, p.log(), memory);
                })
                .toList();
        return new SandboxStatus(state.stateDir(), state.startedAt(), state.complete(), parts);
    }

    private boolean isAlive(RunningPart part, SandboxState state) {
        if (part.part() == SandboxPart.POSTGRES) {
            return postgres.isAlive(part);
        }
        return processes.isOurs(part.part(), part.pid(), state.stateDir()) && health.isHealthy(part.healthUrl());
    }
}
