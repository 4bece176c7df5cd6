package dev.strangler.playbook.migrate;

import dev.strangler.gateway.api.MigrationProgress;
import dev.strangler.gateway.api.RouteView;
import dev.strangler.gateway.api.StreamLag;
import dev.strangler.playbook.cutover.WriteCutover;
import dev.strangler.playbook.route.GatewayAdmin;
import dev.strangler.playbook.route.RouteMode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves one feature through its plan's steps: sets the routes' mode through the gateway's admin API (audited with
 * the step as the reason), lets it bake, and reads the gates every {@code poll}. The step passes when its bake is
 * over and every gate passes on enough data; it fails at once when a gate fails on enough data, and when its gates
 * still have too little data {@code max-wait} after the bake. A failed step sends the feature's routes back to the
 * monolith and ends the run with the reason. Every change is recorded in {@link MigrateState} before the next
 * one, so a run that dies is resumed by running it again: a step under way keeps its start and its counts.
 */
public final class MigrationRun {

    /** How a run ended. */
    public record Outcome(boolean done, String reason) {}

    /**
     * The data gates: the feature's CDC streams looked at now (a marker's lag, the slot's WAL, their health) and
     * both databases compared, as gate results.
     */
    @FunctionalInterface
    public interface DataGate {
        List<GateCheck.Result> check(FeaturePlan.Gates gates);

        /** The feature's streams as the last check saw them (none before the first). */
        default List<StreamLag> lastSeen() {
            return List.of();
        }
    }

    /**
     * The feature's write cutover ({@code strangler writes cutover}) and its rollback, for its {@code writes} step.
     * Both finish (or undo) one that stopped half way, and do nothing when the writes are where they lead already.
     */
    public interface WriteMover {
        WriteCutover.Outcome cutOver();

        WriteCutover.Outcome rollBack();

        /** Per table, the columns the service owns once the writes are with it (from the CDC plan). */
        Map<String, Set<String>> owned();
    }

    /** The contract gate: the mobile contract suite played through the gateway, as a gate result. */
    @FunctionalInterface
    public interface ContractGate {
        /** Plays {@code scenarios} (all of them when empty). */
        GateCheck.Result play(List<String> scenarios);
    }

    private final FeaturePlan.Feature feature;
    private final GatewayAdmin gateway;
    private final GatewayMetrics metrics;
    private final MigrateState state;
    private final PrintWriter out;
    private final Duration poll;
    private final Duration progressEvery;
    private final ContractGate contract;
    private final DataGate data;
    private final WriteMover writes;
    private boolean reportRefused;

    /**
     * @param contract plays the contract suite for steps whose gates ask for it; null: such a step fails, saying
     *                 no gateway URL was given for it
     * @param writes   moves the feature's writes for its {@code writes} step; null when it has none
     */
    public MigrationRun(
            FeaturePlan.Feature feature,
            GatewayAdmin gateway,
            GatewayMetrics metrics,
            MigrateState state,
            PrintWriter out,
            Duration poll,
            Duration progressEvery,
            ContractGate contract,
            DataGate data,
            WriteMover writes) {
        this.data = data;
        this.writes = writes;
        this.contract = contract;
        this.feature = feature;
        this.gateway = gateway;
        this.metrics = metrics;
        this.state = state;
        this.out = out;
        this.poll = poll;
        this.progressEvery = progressEvery;
    }

    /** What a run would do from where the feature stands, without doing it. */
    public void dryRun() {
        MigrateState.Feature at = state.feature(feature.name());
        say("feature " + feature.name() + " (routes " + String.join(", ", feature.routes()) + "): "
                + describe(feature, at));
        if (at.status() == MigrateState.Status.DONE || at.status() == MigrateState.Status.ROLLED_BACK) {
            return;
        }
        for (int i = at.step(); i < feature.steps().size(); i++) {
            FeaturePlan.Step step = feature.steps().get(i);
            boolean resumed = i == at.step() && at.status() == MigrateState.Status.RUNNING;
            String what = step.cutsWritesOver()
                    ? "cut the writes of " + String.join(", ", feature.writes().routes()) + " over (stream "
                            + feature.writes().stream() + ", hold at most "
                            + seconds(feature.writes().hold()) + ")"
                    : "routes to " + step.describe();
            say("  would " + (resumed ? "resume" : "take") + " step " + label(i) + ": " + what + ", bake "
                    + seconds(step.bakeTime()) + ", then wait at most " + seconds(step.waitLimit()) + " for the gates: "
                    + gateNames(step.gates()));
        }
        int w = feature.writesStep();
        say("  on a failed gate: "
                + (w < 0
                        ? ""
                        : "(from step " + label(w) + " on) the writes of "
                                + String.join(", ", feature.writes().routes()) + " back to the monolith first, then ")
                + "routes " + String.join(", ", feature.routes()) + " back to monolith, exit 1");
    }

    public Outcome run() throws InterruptedException {
        MigrateState.Feature at = state.feature(feature.name());
        if (at.status() == MigrateState.Status.DONE) {
            say(feature.name() + ": done already (every step passed); `strangler migrate reset` starts it again");
            report(DONE_NEXT);
            return new Outcome(true, null);
        }
        if (at.status() == MigrateState.Status.ROLLED_BACK) {
            say(feature.name() + ": rolled back (" + at.reason() + "); fix the cause, then `strangler migrate reset "
                    + "--feature " + feature.name() + "` and run again");
            report(rolledBackNext());
            return new Outcome(false, at.reason());
        }
        for (int i = at.step(); i < feature.steps().size(); i++) {
            FeaturePlan.Step step = feature.steps().get(i);
            Set<String> routes = new LinkedHashSet<>(feature.countedAt(i));
            Set<String> services = services(routes);
            if (at.status() == MigrateState.Status.RUNNING && at.step() == i) {
                Duration since = Duration.between(at.startedAt(), Instant.now());
                say("step " + label(i) + " " + step.describe() + ": resuming, started " + seconds(since) + " ago");
                setMode(step, "resumed");
                if (step.cutsWritesOver()) {
                    String failed = cutWritesOver(step); // finishes a cutover this run's predecessor left half way
                    if (failed != null) {
                        return new Outcome(false, rollBack(step, failed));
                    }
                }
            } else {
                metrics.read(routes); // every replica answers before anything moves
                setMode(step, "started");
                if (step.cutsWritesOver()) {
                    // Under way before the cutover starts: a run that dies in it finishes it when resumed.
                    state.put(feature.name(), at.running(i, Instant.now(), metrics.read(routes)));
                    event(
                            step,
                            "step-started",
                            "writes of " + String.join(", ", feature.writes().routes()) + " cutting over");
                    String failed = cutWritesOver(step);
                    if (failed != null) {
                        return new Outcome(false, rollBack(step, failed));
                    }
                }
                // The step's counts start here: after the routes moved (and the writes, for a writes step).
                Instant moved = Instant.now(); // a base read after it holds all that the old mode served
                at = at.running(i, moved, metrics.readSince(routes, moved));
                state.put(feature.name(), at);
                event(step, "step-started", "routes " + String.join(", ", routes) + " to " + step.describe());
                say("step " + label(i) + " " + step.describe() + ": routes moved; bake " + seconds(step.bakeTime())
                        + ", gates: " + gateNames(step.gates()));
            }
            report("baking " + seconds(step.bakeTime()) + ", then the gates decide: " + gateNames(step.gates()));
            String failed = bake(i, step, at, routes, services);
            if (failed != null) {
                return new Outcome(false, rollBack(step, failed));
            }
            at = state.feature(feature.name()).passed(i + 1, feature.steps().size());
            state.put(feature.name(), at);
            if (i + 1 < feature.steps().size()) {
                report("step " + label(i) + " passed; next: step " + label(i + 1) + " "
                        + feature.steps().get(i + 1).describe());
            }
        }
        event(null, "done", "every step passed");
        report(DONE_NEXT);
        FeaturePlan.Step last = feature.steps().get(feature.steps().size() - 1);
        say(feature.name() + ": done; routes " + String.join(", ", feature.routes()) + " in "
                + (last.cutsWritesOver()
                        ? "service, and the writes of "
                                + String.join(", ", feature.writes().routes()) + " with the service"
                        : last.describe()));
        return new Outcome(true, null);
    }

    /** Polls the gates until the step passes (null) or fails (the reason). */
    private String bake(int i, FeaturePlan.Step step, MigrateState.Feature at, Set<String> routes, Set<String> services)
            throws InterruptedException {
        Instant started = at.startedAt();
        Instant bakeEnds = started.plus(step.bakeTime());
        Instant gives = bakeEnds.plus(step.waitLimit());
        Instant nextProgress = Instant.now();
        List<GateCheck.Verdict> shown = null; // the verdicts of the last progress line
        List<String> recorded = List.of(); // the gate results last written to the state
        while (true) {
            List<GateCheck.Result> results;
            try {
                results = new GateCheck(at.base(), metrics.read(routes), routes)
                        .serviceOnly(step.serviceOnly())
                        .check(step.gates(), services);
            } catch (IllegalStateException e) { // a replica that does not answer: no data, not a pass
                results = List.of(new GateCheck.Result("gateway metrics", GateCheck.Verdict.WAIT, e.getMessage()));
            }
            boolean baked = !Instant.now().isBefore(bakeEnds);
            if (baked && GateCheck.overall(results) == GateCheck.Verdict.PASS) {
                // Once the traffic gates pass after the bake: these send markers, compare tables, play scenarios.
                results = new java.util.ArrayList<>(results);
                if (step.gates().data()) {
                    results.addAll(
                            data == null
                                    ? List.of(
                                            new GateCheck.Result("data", GateCheck.Verdict.FAIL, "no CDC plan to read"))
                                    : data.check(step.gates()));
                }
                if (Boolean.TRUE.equals(step.gates().contractSuite())
                        && GateCheck.overall(results) == GateCheck.Verdict.PASS) {
                    results.add(
                            contract == null
                                    ? new GateCheck.Result(
                                            "contract suite", GateCheck.Verdict.FAIL, "no gateway URL to play it at")
                                    : contract.play(step.gates().contractScenarios()));
                }
            }
            GateCheck.Verdict verdict = GateCheck.overall(results);
            List<String> seen = results.stream().map(GateCheck.Result::toString).toList();
            Instant now = Instant.now();
            if (!seen.equals(recorded)) { // for `migrate status`; written when they change, not every poll
                state.put(feature.name(), state.feature(feature.name()).gates(seen));
                recorded = seen;
                if (verdict != GateCheck.Verdict.FAIL && !(baked && verdict == GateCheck.Verdict.PASS)) {
                    report(
                            baked
                                    ? "waiting for data, " + seconds(Duration.between(now, gives))
                                            + " left (then it rolls " + "back): " + String.join("; ", waiting(results))
                                    : "baking until " + bakeEnds.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                            + ", then the gates decide");
                }
            }
            if (verdict == GateCheck.Verdict.FAIL) {
                String why = "step " + label(i) + " " + step.describe() + ": "
                        + String.join(
                                "; ",
                                results.stream()
                                        .filter(r -> r.verdict() == GateCheck.Verdict.FAIL)
                                        .map(GateCheck.Result::toString)
                                        .toList());
                event(step, "gate-failed", String.join("; ", seen));
                return why;
            }
            if (baked && verdict == GateCheck.Verdict.PASS) {
                event(step, "step-passed", String.join("; ", seen));
                say("step " + label(i) + " " + step.describe() + ": passed after "
                        + seconds(Duration.between(started, now)) + " (" + String.join("; ", seen) + ")");
                return null;
            }
            if (now.isAfter(gives)) {
                event(step, "gate-starved", String.join("; ", seen));
                return "step " + label(i) + " " + step.describe() + ": too little data " + seconds(step.waitLimit())
                        + " after the bake (" + String.join("; ", seen) + ")";
            }
            String line = (baked
                            ? "waiting for data, " + seconds(Duration.between(now, gives)) + " left"
                            : "baking, " + seconds(Duration.between(started, now)) + " of " + seconds(step.bakeTime()))
                    + " | " + String.join(" | ", seen);
            List<GateCheck.Verdict> verdicts =
                    results.stream().map(GateCheck.Result::verdict).toList();
            if (!now.isBefore(nextProgress) || !verdicts.equals(shown)) {
                say("step " + label(i) + " " + step.describe() + ": " + line);
                nextProgress = now.plus(progressEvery);
                shown = verdicts;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** Cuts the feature's writes over (or finishes a cutover left half way); null when done, else why it failed. */
    private String cutWritesOver(FeaturePlan.Step step) {
        say("step " + label(feature.steps().indexOf(step)) + " write cutover: moving the writes of "
                + String.join(", ", feature.writes().routes()) + " to the service");
        try {
            WriteCutover.Outcome o = writes.cutOver();
            event(step, "writes-cut-over", outcome(o));
            say("writes of " + String.join(", ", feature.writes().routes()) + " with the service: " + outcome(o));
            report("writes with the service (" + outcome(o) + "); the step's gates count from now");
            return null;
        } catch (RuntimeException e) {
            event(step, "writes-cutover-failed", String.valueOf(e.getMessage()));
            return "step " + label(feature.steps().indexOf(step)) + " write cutover failed: " + e.getMessage();
        }
    }

    /** A write cutover's or rollback's outcome, as the timeline and a person read it. */
    static String outcome(WriteCutover.Outcome o) {
        return (o.settled() == null ? "" : o.settled() + "; ") + "held " + o.heldMillis() + " ms (drain "
                + o.drainMillis() + " ms, barrier " + o.barrierMillis() + " ms), " + o.requestsHeld()
                + " request(s) waited";
    }

    /**
     * Sends the feature back to the monolith: from its writes step on, the writes first (through the write
     * rollback, which hands the data back), then the reads. Returns the reason the run ends with. When the writes
     * cannot be moved back, the reads stay where they are (the writes may still be with the service) and the reason
     * says what to run.
     */
    private String rollBack(FeaturePlan.Step step, String why) {
        say("ROLLING BACK " + feature.name() + ": " + why);
        int w = feature.writesStep();
        if (w >= 0 && feature.steps().indexOf(step) >= w) {
            String writeRoutes = String.join(", ", feature.writes().routes());
            say("moving the writes of " + writeRoutes + " back to the monolith first");
            try {
                WriteCutover.Outcome o = writes.rollBack();
                event(step, "writes-rolled-back", outcome(o));
                say("writes of " + writeRoutes + " back with the monolith: " + outcome(o));
            } catch (RuntimeException e) {
                String reason = why + "; then the writes' rollback failed (" + e.getMessage() + "): the reads stay "
                        + "with the service; run `strangler writes rollback` for " + writeRoutes + " to finish it";
                state.put(feature.name(), state.feature(feature.name()).rolledBack(reason));
                event(step, "writes-rollback-failed", String.valueOf(e.getMessage()));
                say(reason);
                return reason;
            }
        }
        for (String route : feature.routes()) {
            gateway.setMode(route, RouteMode.MONOLITH, null, "migrate " + feature.name() + " rolled back: " + why);
        }
        state.put(feature.name(), state.feature(feature.name()).rolledBack(why));
        event(step, "rolled-back", "routes " + String.join(", ", feature.routes()) + " to monolith: " + why);
        say("routes " + String.join(", ", feature.routes()) + " are back on the monolith");
        report(rolledBackNext());
        return why;
    }

    private static final String DONE_NEXT =
            "nothing: every step passed (the monolith's code for these routes can go when the team is ready)";

    private String rolledBackNext() {
        return "fix the cause (" + state.feature(feature.name()).reason() + "), then `strangler migrate reset "
                + "--feature " + feature.name() + "` and run again";
    }

    private static List<String> waiting(List<GateCheck.Result> results) {
        return results.stream()
                .filter(r -> r.verdict() == GateCheck.Verdict.WAIT)
                .map(GateCheck.Result::toString)
                .toList();
    }

    /**
     * Tells the gateway where the feature stands and what comes next, for its status page ({@code PUT
     * /admin/migrations/{feature}}). A gateway that does not take it does not stop the migration: it is said once.
     */
    private void report(String next) {
        MigrateState.Feature at = state.feature(feature.name());
        int n = feature.steps().size();
        int step = switch (at.status()) {
            case PENDING -> at.step();
            case RUNNING, ROLLED_BACK -> at.step() + 1;
            case DONE -> n;
        };
        String status = switch (at.status()) {
            case PENDING -> at.step() == 0 ? "not started" : "passed";
            case RUNNING -> "running";
            case DONE -> "done";
            case ROLLED_BACK -> "rolled back";
        };
        try {
            gateway.putMigration(new MigrationProgress(
                    feature.name(),
                    feature.routes(),
                    feature.writes() == null ? List.of() : feature.writes().routes(),
                    step,
                    n,
                    step == 0 ? null : feature.steps().get(step - 1).describe(),
                    status,
                    at.startedAt(),
                    clip(next),
                    at.lastGates().stream().limit(50).map(MigrationRun::clip).toList(),
                    data == null ? List.of() : data.lastSeen(),
                    ownership(),
                    null));
        } catch (RuntimeException e) {
            if (!reportRefused) {
                reportRefused = true;
                say("(the gateway did not take the progress report for its status page: " + e.getMessage()
                        + "; the migration goes on)");
            }
        }
    }

    /** At most the 1,000 characters the gateway keeps of a line. */
    private static String clip(String line) {
        return line == null || line.length() <= 1000 ? line : line.substring(0, 997) + "...";
    }

    /** The columns the service owns: the plan's, while the feature's write routes are with the service. */
    private Map<String, List<String>> ownership() {
        if (writes == null
                || !feature.writes().routes().stream()
                        .allMatch(r -> RouteMode.SERVICE.equals(RouteMode.of(gateway.route(r))))) {
            return Map.of();
        }
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        writes.owned()
                .forEach((table, columns) ->
                        out.put(table, columns.stream().sorted().toList()));
        return out;
    }

    private void setMode(FeaturePlan.Step step, String how) {
        int i = feature.steps().indexOf(step);
        for (String route : feature.routes()) {
            gateway.setMode(
                    route,
                    step.mode(),
                    step.percent(),
                    "migrate " + feature.name() + " step " + label(i) + " " + step.describe() + " (" + how + ")");
        }
    }

    /** The services behind the feature's routes, as the gateway's route table names them (breakers carry those). */
    private Set<String> services(Set<String> routes) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, RouteView> byId = new java.util.HashMap<>();
        gateway.routes().forEach(r -> byId.put(r.id(), r));
        for (String route : routes) {
            RouteView view = byId.get(route);
            if (view == null) {
                throw new IllegalArgumentException("the gateway has no route " + route + " (feature " + feature.name()
                        + "); its routes: " + byId.keySet());
            }
            if (view.service() == null) {
                throw new IllegalArgumentException(
                        "route " + route + " names no service in the route file: it cannot " + "leave the monolith");
            }
            out.add(view.service());
        }
        return out;
    }

    private void event(FeaturePlan.Step step, String event, String detail) {
        state.record(new MigrateState.Event(
                Instant.now(), feature.name(), step == null ? null : step.describe(), event, detail));
    }

    /** Where {@code feature} stands, as {@code migrate status} and a dry run say it. */
    static String describe(FeaturePlan.Feature feature, MigrateState.Feature at) {
        List<FeaturePlan.Step> steps = feature.steps();
        int n = steps.size();
        return switch (at.status()) {
            case PENDING ->
                at.step() == 0
                        ? "not started"
                        : "step " + at.step() + "/" + n + " passed; next "
                                + steps.get(at.step()).describe();
            case RUNNING ->
                "step " + (at.step() + 1) + "/" + n + " " + steps.get(at.step()).describe() + " under way since "
                        + at.startedAt();
            case DONE -> "done: " + steps.get(n - 1).describe();
            case ROLLED_BACK -> "ROLLED BACK at step " + (at.step() + 1) + "/" + n + ": " + at.reason();
        };
    }

    private String label(int i) {
        return (i + 1) + "/" + feature.steps().size();
    }

    static String gateNames(FeaturePlan.Gates g) {
        List<String> names = new java.util.ArrayList<>();
        if (g.maxShadowMismatchRate() != null) {
            names.add("shadow mismatch rate <= " + g.maxShadowMismatchRate() + " over "
                    + (g.minComparisons() == null ? GateCheck.DEFAULT_MIN_COMPARISONS : g.minComparisons())
                    + "+ comparisons");
        }
        int min = g.minRequests() == null ? GateCheck.DEFAULT_MIN_REQUESTS : g.minRequests();
        if (g.maxErrorRateIncrease() != null) {
            names.add("error rate increase <= " + g.maxErrorRateIncrease() + " over " + min + "+ requests a side");
        }
        if (g.maxP99Ratio() != null) {
            names.add("p99 ratio <= " + g.maxP99Ratio());
        }
        if (Boolean.TRUE.equals(g.breakersClosed())) {
            names.add("breakers closed");
        }
        if (g.maxCdcLag() != null) {
            names.add("CDC lag <= " + seconds(g.maxCdcLag()));
        }
        if (g.maxWalRetainedMb() != null) {
            names.add("WAL retained <= " + g.maxWalRetainedMb() + " MiB");
        }
        if (Boolean.TRUE.equals(g.parity())) {
            names.add("parity exact");
        }
        if (Boolean.TRUE.equals(g.contractSuite())) {
            names.add(
                    g.contractScenarios().isEmpty()
                            ? "contract suite green"
                            : "contract scenarios " + String.join(", ", g.contractScenarios()) + " green");
        }
        return String.join(", ", names);
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static String seconds(Duration d) {
        long ms = Math.max(0, d.toMillis());
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0) : (ms / 1000) + "s";
    }
}
