package dev.strangler.playbook.migrate;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.cdc.sync.ColumnOwnership;
import dev.strangler.playbook.cli.ConnectOption;
import dev.strangler.playbook.cli.DurationConverter;
import dev.strangler.playbook.cli.SandboxDirOption;
import dev.strangler.playbook.contract.ContractSuite;
import dev.strangler.playbook.contract.SuiteReport;
import dev.strangler.playbook.cutover.WriteCutover;
import dev.strangler.playbook.route.GatewayAdmin;
import dev.strangler.playbook.route.GatewayAdminOptions;
import dev.strangler.playbook.sandbox.SandboxDatabase;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strangler migrate}: a feature's read phases driven by its plan's gates, with automatic rollback. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Moves each feature of a migration plan through its steps (shadow, canary %%, service, and a write "
                    + "cutover when the feature names its writes): sets the routes' mode, bakes, reads the gates from every gateway replica's metrics, moves on when they pass, waits "
                    + "while they have too little data, and sends the routes back to the monolith when one fails "
                    + "(exit 1, with the reason; the writes first, through the write rollback, once they moved). Progress is recorded: run it again to resume.",
        },
        subcommands = {MigrateCommand.Status.class, MigrateCommand.Reset.class, MigrateCommand.Timeline.class})
public final class MigrateCommand implements Callable<Integer> {

    /** Where the plan and the progress are: shared by the subcommands. */
    static final class Where {
        // Not required by picocli: a required option of `migrate` would be asked of `migrate status` too.
        @Option(names = "--plan", paramLabel = "FILE", description = "The migration plan (YAML); required.")
        Path plan;

        @Option(
                names = "--state-dir",
                paramLabel = "DIR",
                description = "Where the progress and the timeline are kept (default: <sandbox dir>/migrate).")
        Path stateDir;

        @Mixin
        SandboxDirOption sandbox;

        MigrateState state() {
            return MigrateState.load(stateDir, sandbox.stateDir());
        }

        FeaturePlan read() {
            if (plan == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--plan=FILE'");
            }
            return new FeaturePlanReader().read(plan);
        }

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;
    }

    @Mixin
    Where where;

    @Mixin
    GatewayAdminOptions gateway;

    @Option(names = "--feature", paramLabel = "NAME", description = "Only this feature (default: each in order).")
    String feature;

    @Option(
            names = "--metrics",
            paramLabel = "URL",
            description = "A gateway replica's Prometheus endpoint; once per replica (default: the sandbox gateway's, "
                    + "http://127.0.0.1:9082/actuator/prometheus).")
    List<URI> metrics = new ArrayList<>();

    @Option(
            names = "--prometheus",
            paramLabel = "URL",
            description = "Read the gates from this Prometheus server (its base URL) instead of --metrics: the "
                    + "replicas are then whatever it scrapes that exposes the gateway's series (its instance label), "
                    + "and the samples are as fresh as its scrape interval.")
    URI prometheus;

    @Mixin
    ConnectOption connect;

    @Option(
            names = "--cdc-plan",
            paramLabel = "FILE",
            description = "The CDC plan the data gates of --feature read (default: the one its cdc entry names, beside "
                    + "the migration plan).")
    Path cdcPlan;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8080",
            description =
                    "The gateway's client URL, where the contract-suite gate plays the app (default ${DEFAULT-VALUE}).")
    URI baseUrl;

    @Option(
            names = "--dry-run",
            description = "Print what would be done from where each feature stands; change nothing.")
    boolean dryRun;

    @Option(
            names = "--poll",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "How often the gates are read (default ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(
            names = "--progress-every",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "A progress line at least this often while a step bakes or waits (default ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (prometheus != null && !metrics.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--prometheus and --metrics cannot be used together: the gates read Prometheus or the replicas");
        }
        FeaturePlan plan = where.read();
        List<FeaturePlan.Feature> features = selected(plan, feature);
        MigrateState state = where.state();
        List<URI> replicas =
                metrics.isEmpty() ? List.of(URI.create("http://127.0.0.1:9082/actuator/prometheus")) : metrics;
        if (dryRun) {
            for (FeaturePlan.Feature f : features) {
                new MigrationRun(f, null, null, state, out, poll, progressEvery, null, null, null).dryRun();
            }
            return 0;
        }
        GatewayMetrics read = prometheus != null ? new PrometheusMetrics(prometheus) : new ReplicaMetrics(replicas);
        var admin = gateway.client(where.sandbox);
        for (FeaturePlan.Feature f : features) {
            FeatureData data = featureData(f);
            MigrationRun.Outcome outcome = new MigrationRun(
                            f,
                            admin,
                            read,
                            state,
                            out,
                            poll,
                            progressEvery,
                            scenarios -> contract(baseUrl, scenarios),
                            dataGate(f, data),
                            writes(f, data, admin, out))
                    .run();
            if (!outcome.done()) {
                spec.commandLine().getErr().println("migrate: " + f.name() + " rolled back: " + outcome.reason());
                return 1;
            }
        }
        return 0;
    }

    /** A feature's CDC plan and its file, read once for its data gates and its writes. */
    private record FeatureData(Path file, MigrationPlan plan) {

        MigrationPlan.Stream stream(FeaturePlan.Feature f, String name) {
            return plan.stream(name)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "feature " + f.name() + ": the CDC plan " + file + " has no stream " + name));
        }
    }

    /** The CDC plan the feature's cdc entry names; null when it names none. */
    private FeatureData featureData(FeaturePlan.Feature f) {
        if (f.cdc() == null) {
            return null;
        }
        Path file = cdcPlanFile(f);
        return new FeatureData(file, readCdcPlan(file));
    }

    /** The feature's data gates, on the streams its cdc entry names; null when it names none. */
    private MigrationRun.DataGate dataGate(FeaturePlan.Feature f, FeatureData data) {
        if (data == null) {
            return null;
        }
        List<MigrationPlan.Stream> streams = new ArrayList<>();
        for (String name : f.cdc().streams()) {
            streams.add(data.stream(f, name));
        }
        return new StreamGates(streams, new ConnectClient(connect.url));
    }

    /** The CDC plan of the feature's data: --cdc-plan, else the one its cdc entry names beside the migration plan. */
    private Path cdcPlanFile(FeaturePlan.Feature f) {
        if (cdcPlan != null && feature == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--cdc-plan is for one feature: give --feature too");
        }
        return cdcPlan != null
                ? cdcPlan
                : where.plan.toAbsolutePath().getParent().resolve(f.cdc().plan());
    }

    private MigrationPlan readCdcPlan(Path file) {
        return new PlanReader().read(file, SandboxDatabase.planEnvironment(where.sandbox.stateDir(), System::getenv));
    }

    /**
     * The feature's write cutover and rollback for its writes step, as {@code strangler writes cutover|rollback}
     * take them (a new run each time: a run keeps its connections until it ends); null when it names no writes.
     */
    private MigrationRun.WriteMover writes(
            FeaturePlan.Feature f, FeatureData data, GatewayAdmin admin, PrintWriter out) {
        if (f.writes() == null) {
            return null;
        }
        // The plan reader refuses writes without a cdc entry, so the data is there.
        Path file = data.file();
        FeaturePlan.Writes w = f.writes();
        WriteCutover.Target target = WriteCutover.Target.of(data.plan(), data.stream(f, w.stream()), w.routes());
        WriteCutover.Limits limits = new WriteCutover.Limits(w.hold(), w.quiet());
        CdcStreams streams = new CdcStreams(new ConnectClient(connect.url));
        return new MigrationRun.WriteMover() {
            @Override
            public WriteCutover.Outcome cutOver() {
                return new WriteCutover(admin, streams, out, WriteCutover.Pause.NONE)
                        .cutover(file.toString(), target, limits);
            }

            @Override
            public WriteCutover.Outcome rollBack() {
                return new WriteCutover(admin, streams, out, WriteCutover.Pause.NONE).rollback(target, limits);
            }

            @Override
            public Map<String, Set<String>> owned() {
                return ColumnOwnership.takenOverBy(target.forward(), target.reverse());
            }
        };
    }

    /** The mobile contract suite through the gateway, as a gate. */
    static GateCheck.Result contract(URI baseUrl, List<String> scenarios) {
        long start = System.nanoTime();
        SuiteReport report = new ContractSuite(baseUrl, ContractSuite.client(ContractSuite.DEFAULT_TIMEOUT))
                .run(new LinkedHashSet<>(scenarios));
        String took = String.format(Locale.ROOT, " in %.1f s", (System.nanoTime() - start) / 1e9);
        List<String> failed = report.results().stream()
                .filter(r -> !r.passed())
                .map(r -> r.name() + " (" + String.join("; ", r.failures()) + ")")
                .toList();
        return new GateCheck.Result(
                "contract suite",
                report.passed() ? GateCheck.Verdict.PASS : GateCheck.Verdict.FAIL,
                report.passedCount() + " of " + report.results().size() + " scenarios passed at " + baseUrl + took
                        + (failed.isEmpty() ? "" : "; failed: " + String.join(", ", failed)));
    }

    static List<FeaturePlan.Feature> selected(FeaturePlan plan, String name) {
        if (name == null) {
            return plan.features();
        }
        FeaturePlan.Feature f = plan.feature(name);
        if (f == null) {
            throw new IllegalArgumentException("the plan has no feature " + name + "; its features: "
                    + plan.features().stream().map(FeaturePlan.Feature::name).toList());
        }
        return List.of(f);
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Where each feature stands.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Where where;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            FeaturePlan plan = where.read();
            MigrateState state = where.state();
            for (FeaturePlan.Feature f : plan.features()) {
                MigrateState.Feature at = state.feature(f.name());
                String now = MigrationRun.describe(f, at);
                out.println(f.name() + " (" + String.join(", ", f.routes()) + "): " + now);
                for (String gate : at.lastGates()) {
                    out.println("  " + gate);
                }
            }
            return 0;
        }
    }

    @Command(
            name = "reset",
            mixinStandardHelpOptions = true,
            description = "Forgets a feature's progress (after a rollback, once its cause is fixed): the next run "
                    + "starts at its first step. Routes are not moved.")
    static final class Reset implements Callable<Integer> {
        @Mixin
        Where where;

        @Option(names = "--feature", required = true, paramLabel = "NAME", description = "The feature.")
        String feature;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            selected(where.read(), feature);
            MigrateState state = where.state();
            state.forget(feature);
            state.record(new MigrateState.Event(java.time.Instant.now(), feature, null, "reset", "progress forgotten"));
            spec.commandLine().getOut().println(feature + ": progress forgotten; the next run starts at step 1");
            return 0;
        }
    }

    @Command(
            name = "timeline",
            mixinStandardHelpOptions = true,
            description = "Every step, gate result and rollback of the migrations, oldest first.")
    static final class Timeline implements Callable<Integer> {
        @Mixin
        Where where;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (MigrateState.Event e : where.state().timeline()) {
                out.println(e.time() + " " + e.feature() + (e.step() == null ? "" : " [" + e.step() + "]") + " "
                        + e.event() + ": " + e.detail());
            }
            return 0;
        }
    }
}
