package dev.strangler.playbook.cli;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.playbook.sandbox.SandboxDatabase;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --plan} and {@code --stream}, shared by the cdc and verify commands. */
public final class PlanOptions {

    @Option(
            names = "--plan",
            paramLabel = "FILE",
            required = true,
            defaultValue = "${env:STRANGLER_PLAN}",
            description =
                    "The migration plan (YAML; env STRANGLER_PLAN). ${NAME:-default} placeholders are filled from the environment; "
                            + "the sandbox's database password fills STRANGLER_MONOLITH_DB_PASSWORD and STRANGLER_CATALOG_DB_PASSWORD when unset.")
    public Path plan;

    @Option(
            names = "--stream",
            paramLabel = "NAME",
            description =
                    "Only this stream (default: every forward stream of the plan; "
                            + "a reverse stream only when named, as `strangler writes cutover` applies it; `cdc status` shows every stream).")
    public String stream;

    /** The sandbox whose database password fills the plan's password variables the environment leaves unset. */
    @Mixin
    public SandboxDirOption sandbox;

    public MigrationPlan read() {
        return new PlanReader().read(plan, SandboxDatabase.planEnvironment(sandbox.stateDir(), System::getenv));
    }

    public List<MigrationPlan.Stream> streams(MigrationPlan plan) {
        if (stream == null) {
            return plan.streams().stream().filter(s -> !s.isReverse()).toList();
        }
        return named(plan);
    }

    /**
     * The named stream, or every stream of the plan, reverse streams too: what a look at the streams'
     * health covers, since a reverse stream's slot holds WAL back in the service's database whether or
     * not anyone remembers it.
     */
    public List<MigrationPlan.Stream> streamsWithReverse(MigrationPlan plan) {
        return stream == null ? plan.streams() : named(plan);
    }

    private List<MigrationPlan.Stream> named(MigrationPlan plan) {
        return List.of(plan.stream(stream)
                .orElseThrow(() -> new IllegalArgumentException("the plan has no stream '" + stream + "'; it has "
                        + plan.streams().stream()
                                .map(MigrationPlan.Stream::name)
                                .toList())));
    }
}
