package dev.strangler.playbook.cdc;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Option;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;

/** {@code --plan} and {@code --stream}, shared by the cdc and verify commands. */
public final class PlanOptions {

    @Option(names = "--plan", paramLabel = "FILE", required = true, defaultValue = "${env:STRANGLER_PLAN}",
            description = "The migration plan (YAML; env STRANGLER_PLAN). ${NAME:-default} placeholders are filled from the environment.")
    public Path plan;

    @Option(names = "--stream", paramLabel = "NAME", description = "Only this stream (default: every stream of the plan).")
    public String stream;

    public MigrationPlan read() {
        return new PlanReader().read(plan);
    }

    public List<MigrationPlan.Stream> streams(MigrationPlan plan) {
        if (stream == null) {
            return plan.streams();
        }
        return List.of(plan.stream(stream).orElseThrow(() -> new IllegalArgumentException("the plan has no stream '" + stream
                + "'; it has " + plan.streams().stream().map(MigrationPlan.Stream::name).toList())));
    }
}
