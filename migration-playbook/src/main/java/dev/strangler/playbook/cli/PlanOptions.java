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
                            + "the sandbox's database password fills STRANGLER_MONOLITH_DB_PASSWORD, STRANGLER_CATALOG_DB_PASSWORD (and the identity and library plans' password variables) when unset.")
    public Path plan;

    @Option(
            names = "--stream",
            paramLabel = "NAME",
            description = "Only this stream; repeat it for several "
                    + "(default: every forward stream of the plan; "
                    + "a reverse stream only when named, as `strangler writes cutover` applies it; `cdc status` and "
                    + "`cdc metrics` cover every stream).")
    public List<String> streamNames;

    /** The sandbox whose database password fills the plan's password variables the environment leaves unset. */
    @Mixin
    public SandboxDirOption sandbox;

    public MigrationPlan read() {
        return new PlanReader().read(plan, SandboxDatabase.planEnvironment(sandbox.stateDir(), System::getenv));
    }

    public List<MigrationPlan.Stream> streams(MigrationPlan plan) {
        if (!namesStreams()) {
            return plan.streams().stream().filter(s -> !s.isReverse()).toList();
        }
        return named(plan);
    }

    /** Whether {@code --stream} was given. */
    public boolean namesStreams() {
        return streamNames != null && !streamNames.isEmpty();
    }

    /** The one stream {@code --stream} names, for a command that works on exactly one ({@code what} it is). */
    public MigrationPlan.Stream oneStream(MigrationPlan plan, String what) {
        if (!namesStreams()) {
            throw new IllegalArgumentException("name the " + what + " with --stream");
        }
        if (streamNames.size() > 1) {
            throw new IllegalArgumentException("name one " + what + " with --stream, not " + streamNames);
        }
        return named(plan).get(0);
    }

    /**
     * The named streams, or every stream of the plan, reverse streams too: what a look at the streams'
     * health covers, since a reverse stream's slot holds WAL back in the service's database whether or
     * not anyone remembers it.
     */
    public List<MigrationPlan.Stream> streamsWithReverse(MigrationPlan plan) {
        return namesStreams() ? named(plan) : plan.streams();
    }

    private List<MigrationPlan.Stream> named(MigrationPlan plan) {
        return streamNames.stream()
                .distinct()
                .map(name -> plan.stream(name)
                        .orElseThrow(() -> new IllegalArgumentException("the plan has no stream '" + name + "'; it has "
                                + plan.streams().stream()
                                        .map(MigrationPlan.Stream::name)
                                        .toList())))
                .toList();
    }
}
