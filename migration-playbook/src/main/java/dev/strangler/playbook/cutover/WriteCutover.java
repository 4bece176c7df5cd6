package dev.strangler.playbook.cutover;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanValidator;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.cdc.sync.ColumnOwnership;
import dev.strangler.cdc.sync.SyncBarrier;
import dev.strangler.gateway.api.CutoverAction;
import dev.strangler.gateway.api.CutoverRecord;
import dev.strangler.gateway.api.CutoverStepRequest;
import dev.strangler.gateway.api.CutoverStepTaken;
import dev.strangler.gateway.api.HoldGranted;
import dev.strangler.gateway.api.HoldReleased;
import dev.strangler.gateway.api.StepOnGrant;
import dev.strangler.playbook.cli.DurationConverter;
import dev.strangler.playbook.cutover.CutoverStep.Direction;
import dev.strangler.playbook.route.GatewayAdmin;
import dev.strangler.playbook.route.RouteMode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moving the writes of a set of routes from the monolith to the service, and back, without losing or
 * doubling a write, even when this process dies at any point. Before the hold, the reverse stream is
 * started inert. Then, while the gateway holds the routes' requests (granted only once the requests
 * already in flight have finished, so no write to the old owner can commit after the hand-over):
 * <ol>
 * <li>the forward stream hands the columns the reverse stream writes back over to the service; the
 * hand-over marker is also a barrier: when it is applied, everything the monolith committed before is
 * in the service's database;</li>
 * <li>the reverse stream, started before the hold with all its columns handed over (so it applied
 * nothing), gets them back through a marker in its source: it applies exactly the changes committed
 * there after it, which are the service's writes;</li>
 * <li>the routes are flipped to the service; then the held requests are released, and go there.</li>
 * </ol>
 * Rollback, while the routes are held: the reverse stream hands all its columns over (a barrier:
 * every service write is in the monolith, and the stream applies nothing more), the forward stream
 * takes its columns back, the routes flip back to the monolith; release; then the reverse stream is
 * removed.
 *
 * <p><b>Crash safety.</b> Each step ({@link CutoverStep}) is recorded in the gateway before it is
 * taken: the hand-over by the gateway when it grants the hold, the flip and the release by the gateway
 * in the call that takes them, and the marker steps that are safe to repeat under the record before
 * them ({@link CutoverStep.Recording}). Inside the hold that is one call to the gateway, the flip with
 * the release; a failed flip that may have released is not undone but left for the command run again. While the
 * record says the routes are held and no hold is live (this process died and the hold expired), the
 * gateway answers their requests 503 rather than send a write to a side that may not own it. Running
 * the same command again finishes from the recorded step (every step can be taken twice); running the
 * opposite command undoes an unfinished one that has not released its writes yet, or finishes it
 * first when it has. A step that fails undoes everything started so far, the inert reverse stream
 * included.
 */
public final class WriteCutover {

    /**
     * How a cutover or rollback went: the hold as the gateway measured it, what moved, and what this
     * run found unfinished and settled first (null when nothing).
     */
    public record Outcome(
            long heldMillis,
            int requestsHeld,
            long drainMillis,
            long barrierMillis,
            Map<String, Set<String>> columns,
            String settled,
            Map<String, Long> stepMillis) {}

    /** The streams and routes one cutover moves; its record in the gateway is named after the forward stream. */
    public record Target(MigrationPlan.Stream forward, MigrationPlan.Stream reverse, List<String> routes) {

        /** The routes' target in {@code plan}: {@code forward} and the stream the plan declares {@code reverse-of} it. */
        public static Target of(MigrationPlan plan, MigrationPlan.Stream forward, List<String> routes) {
            MigrationPlan.Stream reverse = plan.streams().stream()
                    .filter(s -> forward.name().equals(s.reverseOf()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "the plan declares no stream with reverse-of: " + forward.name()));
            return new Target(forward, reverse, routes);
        }

        String name() {
            return forward.name();
        }

        Map<String, String> detail() {
            return Map.of("forward", forward.name(), "reverse", reverse.name());
        }
    }

    /**
     * How long the routes may be held: {@code hold} from the closing of the gateway's gate (the steps inside
     * the hold get half of it each, the drain too), after waiting, gate open, at most {@code quietWait} for a
     * moment with none of the routes' requests in flight (writes flow meanwhile: the longer the wait, the
     * likelier no slow write is caught in flight, which the hold would have to wait out).
     */
    public record Limits(Duration hold, Duration quietWait, Duration streamWait) {
        /** The hold's limit when none is given, as the command's option takes it. */
        public static final String DEFAULT_HOLD = "10s";
        /**
         * The quiet wait when none is given. Writes flow while it lasts; a write caught in flight when it runs out is
         * waited out inside the hold. The cutover check, with a tenth of its writes held 1-2 s, ran out of a 10 s
         * wait in 3 of 233 holds (holding the writes 0.6-1.3 s).
         */
        public static final String DEFAULT_QUIET_WAIT = "30s";
        /**
         * How long a barrier waits for its stream where failing sooner gains nothing, when none is given: the
         * readiness checks before the hold (no write waits on them yet) and the undo of a failed rollback that had
         * taken the forward stream's columns back (its routes stay fenced until it is done, whether it fails or
         * waits). A Connect worker killed and restarted takes a while to start its tasks again; a step inside the
         * hold waits half the hold's limit at most.
         */
        public static final String DEFAULT_STREAM_WAIT = "45s";

        /** The limits when none is given. */
        public static Limits defaults() {
            DurationConverter text = new DurationConverter();
            return new Limits(text.convert(DEFAULT_HOLD), text.convert(DEFAULT_QUIET_WAIT));
        }

        /** With the default stream wait. */
        public Limits(Duration hold, Duration quietWait) {
            this(hold, quietWait, new DurationConverter().convert(DEFAULT_STREAM_WAIT));
        }

        public Limits {
            if (hold.isNegative()
                    || hold.isZero()
                    || quietWait.isNegative()
                    || streamWait.isNegative()
                    || streamWait.isZero()) {
                throw new IllegalArgumentException("the hold limit and the stream wait must be positive and the quiet "
                        + "wait not negative (were " + hold + ", " + streamWait + " and " + quietWait + ")");
            }
        }
    }

    /**
     * How long a barrier inside the hold waits for its marker: ten times what the same stream's marker took in
     * the readiness check just before the hold, at least {@link #BARRIER_FLOOR}, at most half the hold's limit.
     * Every held write waits on this barrier, so a stream that stopped applying meanwhile (its Connect worker
     * restarted: the REST API answers again well before the tasks apply anything) is given up on soon, the
     * cutover undone and the writes released, rather than held for half the hold's limit; the command, run
     * again, waits for the stream outside the hold. A stream that flows passes in a few tens of milliseconds.
     */
    static Duration barrierLimit(Duration readinessWaited, Duration stepTimeout) {
        Duration tenTimes = readinessWaited.multipliedBy(10);
        Duration atLeast = tenTimes.compareTo(BARRIER_FLOOR) < 0 ? BARRIER_FLOOR : tenTimes;
        return atLeast.compareTo(stepTimeout) > 0 ? stepTimeout : atLeast;
    }

    static final Duration BARRIER_FLOOR = Duration.ofSeconds(1);

    /** A pause for fault tests: where it is set, the process stops at that step so that it can be killed there. */
    public interface Pause {
        Pause NONE = (step, when) -> {};

        void at(CutoverStep step, String when);
    }

    private final GatewayAdmin gateway;
    private final CdcStreams streams;
    private final PrintWriter out;
    private final Pause pause;
    /**
     * Keeps its database connections from the readiness check to the end (none is opened inside the
     * hold), and watches the stream's connectors while it waits: a barrier whose stream has a failed
     * task fails at once, with the cause, instead of holding the routes until its timeout.
     */
    private final SyncBarrier barrier;

    public WriteCutover(GatewayAdmin gateway, CdcStreams streams, PrintWriter out, Pause pause) {
        this.gateway = gateway;
        this.streams = streams;
        this.out = out;
        this.pause = pause;
        this.barrier = SyncBarrier.keepingConnections(streams.connect());
    }

    /** Where a cutover of this target stands: the gateway's record, or null when none is under way. */
    public CutoverRecord status(Target target) {
        return gateway.cutover(target.name());
    }

    public Outcome cutover(String planSource, Target target, Limits limits) {
        new PlanValidator().validate(planSource, new MigrationPlan(List.of(target.reverse())));
        return run(Direction.CUTOVER, target, limits);
    }

    public Outcome rollback(Target target, Limits limits) {
        return run(Direction.ROLLBACK, target, limits);
    }

    private Outcome run(Direction direction, Target target, Limits limits) {
        try {
            Run run = new Run(direction, target, limits);
            CutoverRecord unfinished = gateway.cutover(target.name());
            if (unfinished == null) {
                RouteMode there = direction == Direction.CUTOVER ? RouteMode.SERVICE : RouteMode.MONOLITH;
                if (target.routes().stream().allMatch(r -> there.equals(RouteMode.of(gateway.route(r))))) {
                    // Already done: a second cutover would reset the live reverse stream to "applies nothing" (and lose
                    // every later service write in the monolith); a second rollback has nothing to move.
                    out.println("  the writes of " + target.routes() + " are with the " + there
                            + " already; nothing to do");
                    return run.done("the writes were with the " + there + " already");
                }
                return run.from(direction.steps().get(0), null);
            }
            Direction was = Direction.parse(unfinished.direction());
            String step = unfinished.step();
            if (step.equals(CutoverStep.UNDOING)) {
                CutoverStep reached = CutoverStep.parse(was, unfinished.detail().getOrDefault("undoFrom", ""));
                out.println("  an undo of a " + was.wire() + " stopped half way (it had reached " + reached.wire()
                        + "): undoing it");
                new Run(was, target, limits).undo(reached);
                return direction == was
                        ? run.from(
                                direction.steps().get(0), "undid an unfinished " + was.wire() + ", then ran it again")
                        : run.done("undid an unfinished " + was.wire());
            }
            CutoverStep reached = CutoverStep.parse(was, step);
            if (was == direction) {
                out.println("  a " + was.wire() + " stopped at " + step + " (" + reached.what()
                        + "): finishing it from there");
                return run.from(reached, "finished a " + was.wire() + " that stopped at " + step);
            }
            Run other = new Run(was, target, limits);
            if (!reached.atOrAfter(was.released())) {
                out.println(
                        "  a " + was.wire() + " stopped at " + step + ", before its writes were released: undoing it");
                other.undo(reached);
                return run.done("undid a " + was.wire() + " that stopped at " + step);
            }
            out.println("  a " + was.wire() + " stopped at " + step
                    + ", after its writes were released: finishing it first");
            other.from(reached, null);
            return run.from(
                    direction.steps().get(0), "finished a " + was.wire() + " that stopped at " + step + " first");
        } finally {
            barrier.close();
        }
    }

    /** One run of one direction's steps. */
    private final class Run {
        final Direction direction;
        final Target target;
        final Duration holdLimit;
        final Duration quietWait;
        /** How long a barrier outside the hold waits for its stream ({@link Limits#DEFAULT_STREAM_WAIT}). */
        final Duration streamWait;

        final Duration stepTimeout;
        /**
         * How long the barrier inside the hold waits ({@link #barrierLimit}); half the hold's limit for a run that
         * resumed from a record (it took no readiness check).
         */
        Duration barrierLimit;

        final Map<String, Set<String>> columns;
        long barrierMillis;
        long drainMillis;
        /** How long each step took in this run (its recording in the gateway not included), by step. */
        final Map<String, Long> stepMillis = new LinkedHashMap<>();

        boolean holdTaken;
        /** When this run's hold was granted (System.nanoTime), 0 when this run took no hold. */
        long grantedNanos;
        /** The step the gateway recorded when it granted this run's hold (its next step), else null. */
        CutoverStep recordedOnGrant;
        /** Whether the flip's call released the routes too (this run took the flip). */
        boolean releasedWithFlip;
        /**
         * The watch over the stream the hold's barrier waits for, from the readiness check until the hold is
         * granted (then ended, what it saw kept for {@link #giveUpIfInterrupted}); null for a run that resumed
         * from a record. Inside the hold the barrier watches the stream itself.
         */
        SyncBarrier.Vigil vigil;

        Run(Direction direction, Target target, Limits limits) {
            this.direction = direction;
            this.target = target;
            this.holdLimit = limits.hold();
            this.quietWait = limits.quietWait();
            this.streamWait = limits.streamWait();
            this.stepTimeout = holdLimit.dividedBy(2);
            this.barrierLimit = stepTimeout;
            this.columns = ColumnOwnership.takenOverBy(target.forward(), target.reverse());
        }

        /** Takes the steps from {@code first} on, recording each before it is taken; undoes everything on a failure. */
        Outcome from(CutoverStep first, String settled) {
            List<CutoverStep> steps = direction.steps();
            CutoverStep current = first;
            Outcome released = null;
            boolean recorded = false;
            try {
                if (first == steps.get(0) && direction == Direction.CUTOVER) {
                    // Before anything changes: the stream the hold will wait for flows, the gateway answers.
                    ready(target.forward());
                } else if (first == steps.get(0)) {
                    ready(target.reverse());
                } else if (!first.atOrAfter(direction.released())) {
                    warmUp();
                }
                for (CutoverStep step : steps.subList(steps.indexOf(first), steps.size())) {
                    current = step;
                    if (step.recording() == CutoverStep.Recording.BEFORE
                            || (step.recording() == CutoverStep.Recording.ON_GRANT && step != recordedOnGrant)) {
                        record(step.wire(), step.holding(), Map.of());
                        recorded = true;
                    }
                    pause.at(step, "before");
                    long stepStart = System.nanoTime();
                    if (step.holding()
                            && !holdTaken
                            && step != CutoverStep.HOLDING
                            && step != CutoverStep.ROLLBACK_HOLDING) {
                        hold(null); // resumed inside the hold: take it again (the routes were fenced meanwhile)
                    }
                    Outcome o = take(step);
                    if (o != null) {
                        released = o;
                    }
                    stepMillis.put(
                            step.wire(),
                            Duration.ofNanos(System.nanoTime() - stepStart).toMillis());
                    pause.at(step, "after");
                }
            } catch (RuntimeException e) {
                endVigil();
                if (!recorded && settled == null && first == steps.get(0)) {
                    throw e; // the readiness check failed: nothing was started
                }
                if (current.atOrAfter(direction.released()) || mayHaveReleased(current)) {
                    out.println("  " + direction.wire() + " failed at " + current.wire() + " (" + e.getMessage()
                            + "), after its writes were released (or perhaps released): run the command again "
                            + "to finish it");
                    throw e;
                }
                out.println("  " + direction.wire() + " failed at " + current.wire() + " (" + e.getMessage()
                        + "); putting everything back");
                undo(current);
                throw e;
            }
            endVigil();
            gateway.removeCutover(target.name(), direction.wire() + " done");
            long held = released == null ? 0 : released.heldMillis();
            int waited = released == null ? 0 : released.requestsHeld();
            return new Outcome(
                    held,
                    waited,
                    drainMillis,
                    barrierMillis,
                    direction == Direction.CUTOVER ? columns : Map.of(),
                    settled,
                    Collections.unmodifiableMap(new LinkedHashMap<>(stepMillis)));
        }

        /**
         * Whether a failed flip's call (which releases too) may have released the routes: the gateway's
         * record says so, or cannot be read. Then nothing is undone (service writes may have happened): the
         * routes stay fenced until the command, run again, finishes from the record.
         */
        private boolean mayHaveReleased(CutoverStep failed) {
            if (!failed.takesTheNextStep()) {
                return false;
            }
            try {
                CutoverRecord record = gateway.cutover(target.name());
                return record == null || direction.released().wire().equals(record.step());
            } catch (RuntimeException unreadable) {
                return true;
            }
        }

        /** Nothing more to do: the state is already what this direction leads to. */
        Outcome done(String settled) {
            return new Outcome(0, 0, 0, 0, Map.of(), settled, Map.of());
        }

        private Outcome take(CutoverStep step) {
            switch (step) {
                case STARTING_REVERSE -> {
                    streams.startInert(target.reverse());
                    // Connect says RUNNING as soon as the tasks start, streaming or not: before anything is held, a
                    // marker proves the stream carries the service's changes to the monolith. Flipping the writes
                    // onto a reverse stream that carries nothing would leave the monolith behind, and no rollback
                    // could pass its barrier (the cutover check saw a restarted Connect worker's task stuck
                    // creating its replication slot).
                    SyncBarrier.Passed carried = barrier.await(target.reverse(), streamWait);
                    out.println("  reverse stream " + target.reverse().name() + " running, applying nothing yet; it "
                            + "carries the service's changes (barrier "
                            + carried.waited().toMillis() + " ms)");
                }
                case HOLDING, ROLLBACK_HOLDING -> hold(step.next());
                case HANDING_OVER -> {
                    giveUpIfInterrupted(target.forward());
                    SyncBarrier.Passed passed = barrier.handOver(target.forward(), columns, barrierLimit);
                    barrierMillis = passed.waited().toMillis();
                    out.println("  barrier passed and columns handed over in " + barrierMillis + " ms: " + columns
                            + sequences(passed));
                }
                case ACTIVATING_REVERSE -> {
                    barrier.handOverInOrder(target.reverse(), Map.of());
                    out.println(
                            "  reverse stream " + target.reverse().name() + " applies every service write from now on");
                }
                case FLIPPING -> {
                    return flipAndRelease(step, CutoverAction.FLIP_TO_SERVICE);
                }
                case RELEASING, ROLLBACK_RELEASING -> {
                    // Released by the flip's call already, unless this run resumed from the release's record.
                    return releasedWithFlip ? null : release(step);
                }
                case HANDING_BACK -> {
                    giveUpIfInterrupted(target.reverse());
                    SyncBarrier.Passed passed = barrier.handOver(
                            target.reverse(), ColumnOwnership.everything(target.reverse()), barrierLimit);
                    barrierMillis = passed.waited().toMillis();
                    out.println("  every service write is in the monolith (" + barrierMillis
                            + " ms); the reverse stream applies nothing more" + sequences(passed));
                }
                case ROLLBACK_FLIPPING -> {
                    return flipAndRelease(step, CutoverAction.FLIP_TO_MONOLITH);
                }
                case FORWARD_RETAKING -> {
                    // No need to wait: every monolith write to these columns comes after the release, so after this
                    // marker; and every write the reverse stream applied in the monolith came before it (the
                    // hand-back was a barrier), so the forward stream does not echo them.
                    barrier.handOverInOrder(target.forward(), Map.of());
                    out.println("  stream " + target.forward().name()
                            + " owns all its columns again from this point of the monolith's history");
                }
                case REMOVING_REVERSE ->
                    streams.remove(target.reverse(), Duration.ofSeconds(60)).forEach(line -> out.println("  " + line));
            }
            return null;
        }

        /**
         * Puts back what the steps up to {@code reached} (recorded, perhaps taken) changed, while the
         * routes stay held or fenced; only for a run whose writes were not released yet.
         */
        void undo(CutoverStep reached) {
            Map<String, String> undoFrom = Map.of("undoFrom", reached.wire());
            // Held (and fenced should this run die) only while something is put back: before the first change
            // of ownership the old owner still owns everything, and its writes may flow at once.
            boolean fenced = reached.holding() && reached.atOrAfter(direction.firstChange());
            record(CutoverStep.UNDOING, fenced, undoFrom);
            if (fenced && !holdTaken) {
                warmUp();
                undoStep(() -> hold(null));
            }
            if (direction == Direction.CUTOVER) {
                if (reached.atOrAfter(CutoverStep.FLIPPING)) {
                    undoStep(() -> flip(RouteMode.MONOLITH, "write cutover undone"));
                }
                if (reached.atOrAfter(CutoverStep.HANDING_OVER)) {
                    // No need to wait for the stream (it may be down: the usual reason this run failed): no write
                    // reached the service (not released), and every monolith write to come is released after this
                    // marker, so the stream applies the hand-over, then this, then those writes, whenever it can.
                    undoStep(() -> barrier.handOverInOrder(target.forward(), Map.of()));
                }
            } else {
                if (reached.atOrAfter(CutoverStep.ROLLBACK_FLIPPING)) {
                    undoStep(() -> flip(RouteMode.SERVICE, "write rollback undone"));
                }
                if (reached.atOrAfter(CutoverStep.FORWARD_RETAKING.recordedAs())) {
                    undoStep(() -> barrier.handOver(target.forward(), columns, streamWait));
                }
                if (reached.atOrAfter(CutoverStep.HANDING_BACK)) {
                    undoStep(() -> barrier.handOverInOrder(target.reverse(), Map.of()));
                }
            }
            // Every change of ownership is put back: what is left to undo is what comes before the first of them (the
            // inert reverse stream of a cutover). A run that dies from here on and is run again must not hold the
            // routes again, and wait out the writes in flight meanwhile, for what needs no hold.
            record(
                    CutoverStep.UNDOING,
                    false,
                    Map.of("undoFrom", direction.steps().get(0).wire()));
            release(direction.wire() + " undone");
            pause.at(reached, "undone");
            if (direction == Direction.CUTOVER) {
                streams.remove(target.reverse(), Duration.ofSeconds(60)).forEach(line -> out.println("  " + line));
            }
            gateway.removeCutover(target.name(), direction.wire() + " undone");
            out.println("  " + direction.wire() + " undone: the writes stay with the "
                    + (direction == Direction.CUTOVER ? RouteMode.MONOLITH : RouteMode.SERVICE));
        }

        private void record(String step, boolean holding, Map<String, String> extra) {
            CutoverStepRequest r = stepRequest(step, holding, extra);
            gateway.recordCutover(
                    target.name(), r.direction(), r.routes(), r.step(), r.holding(), r.detail(), r.reason());
        }

        /** A step of this run as the gateway records it. */
        private CutoverStepRequest stepRequest(String step, boolean holding, Map<String, String> extra) {
            Map<String, String> detail = new LinkedHashMap<>(target.detail());
            detail.putAll(extra);
            return new CutoverStepRequest(
                    direction.wire(), target.routes(), step, holding, detail, "write " + direction.wire());
        }

        /**
         * Before holding anything: the stream the hold will wait for is flowing (a barrier passes, within
         * {@link #streamWait}) and the gateway answers. It also warms this process's paths to both
         * (classes, connections), which otherwise would run for the first time inside the hold.
         */
        private void ready(MigrationPlan.Stream stream) {
            SyncBarrier.Passed flowing = barrier.await(stream, streamWait);
            prepare();
            barrierLimit = barrierLimit(flowing.waited(), stepTimeout);
            vigil = barrier.keepWatch(stream);
            out.println("  stream " + stream.name() + " is flowing (barrier "
                    + flowing.waited().toMillis() + " ms); the gateway answers; inside the hold its barrier waits "
                    + barrierLimit.toMillis() + " ms at most");
        }

        /** Opens the connections the steps inside the hold use, and makes the gateway's calls once. */
        private void prepare() {
            barrier.prepare(target.forward(), target.reverse());
            target.routes().forEach(gateway::route);
            gateway.prepareCutoverCalls();
        }

        /**
         * A run that resumes before the release, or an undo that holds the routes again (the run before died inside
         * the hold), prepares as a new run's readiness check does, before it holds the routes: they are fenced (503)
         * since the run before died anyway, and otherwise the first barrier inside the new hold connects to both
         * databases, and this process runs that path for the first time, while every write waits on it (in the
         * cutover check, a resumed rollback's barrier took 279 ms of a 415 ms hold; p50 of barriers 59 ms). What
         * fails here is left to the step that needs it.
         */
        private void warmUp() {
            try {
                prepare();
            } catch (RuntimeException e) {
                out.println("  could not prepare before holding again (" + e.getMessage() + "); going on");
            }
        }

        /**
         * Inside the hold, before its barrier: if the stream was interrupted between the readiness check and the
         * grant (its Connect worker died and started again while the hold waited for a quiet moment, say), fails at
         * once. Its tasks may apply nothing for a while after the worker answers again, and every held write would wait on the
         * barrier for its whole limit; failing undoes the cutover and releases the writes to their old owner, and
         * the command, run again, waits for the stream outside the hold.
         */
        private void giveUpIfInterrupted(MigrationPlan.Stream stream) {
            if (vigil == null) {
                return;
            }
            vigil.interruption().ifPresent(what -> {
                throw new IllegalStateException("stream " + stream.name() + " was interrupted after its readiness "
                        + "check, while the hold waited for a quiet moment (" + what + "): its barrier could wait "
                        + "its whole limit inside the hold, so this gives up at once; run the command again once "
                        + "`strangler cdc status` shows the stream running");
            });
        }

        private void endVigil() {
            if (vigil != null) {
                vigil.close();
            }
        }

        /**
         * Holds every route, taking over a hold a dead run left; returns once what was in flight has finished.
         * With {@code next} (the step after the hold, when it is {@link CutoverStep.Recording#ON_GRANT}), the
         * gateway records it when it grants the last route's hold, in the same call.
         */
        private void hold(CutoverStep next) {
            long drained = 0;
            long quiet = 0;
            Long closed = null; // unknown: a gateway that does not say
            List<String> routes = target.routes();
            for (int i = 0; i < routes.size(); i++) {
                String route = routes.get(i);
                try {
                    gateway.release(route, "taken over by a new " + direction.wire() + " run");
                } catch (GatewayAdmin.Refused notHeld) {
                    // the usual case: nobody holds it
                }
                StepOnGrant onGrant =
                        next != null && next.recording() == CutoverStep.Recording.ON_GRANT && i == routes.size() - 1
                                ? new StepOnGrant(target.name(), stepRequest(next.wire(), next.holding(), Map.of()))
                                : null;
                HoldGranted granted =
                        gateway.hold(route, holdLimit, stepTimeout, quietWait, "write " + direction.wire(), onGrant);
                if (onGrant != null && granted.recorded() != null) {
                    recordedOnGrant = next;
                }
                drained = Math.max(drained, granted.drainMillis());
                if (granted.closedMillis() != null) {
                    closed = Math.max(closed == null ? 0 : closed, granted.closedMillis());
                }
                quiet = Math.max(quiet, granted.quietWaitMillis());
            }
            holdTaken = true;
            grantedNanos = System.nanoTime();
            // The writes' wait until the grant, on the gateway (its drain, the other replicas'): the part before
            // this command's part ("from the grant to the flip's call").
            if (closed != null) {
                stepMillis.put("in the hold, from the gate's closing to the grant", closed);
            }
            drainMillis = drained;
            endVigil();
            out.println("  holding new requests of " + target.routes() + " (at most " + holdLimit.toMillis()
                    + " ms): granted after " + drained + " ms, of which " + quiet
                    + " ms waiting for a moment with no write in flight (writes flowed meanwhile)");
        }

        /**
         * Records the flip and flips every route, then records the release and releases them, in one call
         * to the gateway (each step recorded before it is taken, by the gateway).
         */
        private Outcome flipAndRelease(CutoverStep step, CutoverAction to) {
            if (grantedNanos != 0) {
                // The writes' wait, apart from the gateway's (its drain before the grant, its flip before the
                // release): what this command did in between.
                stepMillis.put(
                        "in the hold, from the grant to the flip's call",
                        Duration.ofNanos(System.nanoTime() - grantedNanos).toMillis());
            }
            CutoverStepTaken taken = gateway.takeCutoverStep(
                    target.name(),
                    direction.wire(),
                    target.routes(),
                    step.wire(),
                    step.holding(),
                    target.detail(),
                    "write " + direction.wire(),
                    to,
                    direction.released().wire());
            releasedWithFlip = true;
            out.println("  routes " + target.routes() + " now served by the "
                    + (to == CutoverAction.FLIP_TO_SERVICE ? RouteMode.SERVICE : RouteMode.MONOLITH)
                    + gatewayTook(step, taken));
            return released(taken.released());
        }

        /**
         * How long the gateway took for a step, part by part (kept with the step times, "flipping in the gateway:
         * record"), as a phrase for the step's line; empty from a gateway that does not say.
         */
        private String gatewayTook(CutoverStep step, CutoverStepTaken taken) {
            List<String> parts = new ArrayList<>();
            for (String part : CutoverStepTaken.TOOK_PARTS) {
                Long ms = taken.tookMillis().get(part);
                if (ms != null) {
                    stepMillis.put(step.wire() + " in the gateway: " + part, ms);
                    parts.add(part + " " + ms);
                }
            }
            return parts.isEmpty() ? "" : " (the gateway took, in ms: " + String.join(", ", parts) + ")";
        }

        /** Records the step and releases every route, in one call to the gateway. */
        private Outcome release(CutoverStep step) {
            CutoverStepTaken taken = gateway.takeCutoverStep(
                    target.name(),
                    direction.wire(),
                    target.routes(),
                    step.wire(),
                    step.holding(),
                    target.detail(),
                    direction.wire() + " done",
                    CutoverAction.RELEASE,
                    null);
            String took = gatewayTook(step, taken);
            if (!took.isEmpty()) {
                out.println("  released" + took);
            }
            return released(taken.released());
        }

        private void flip(RouteMode mode, String reason) {
            for (String route : target.routes()) {
                gateway.setMode(route, mode, null, reason);
            }
            out.println("  routes " + target.routes() + " now served by the " + mode);
        }

        private Outcome release(String reason) {
            List<HoldReleased> released = new ArrayList<>();
            for (String route : target.routes()) {
                try {
                    released.add(gateway.release(route, reason));
                } catch (GatewayAdmin.Refused notHeld) {
                    // expired or never taken: its requests were fenced, and the record no longer fences them
                }
            }
            return released(released);
        }

        private Outcome released(List<HoldReleased> released) {
            long held = 0;
            int requests = 0;
            for (HoldReleased r : released) {
                held = Math.max(held, r.heldMillis());
                requests += r.requestsHeld();
            }
            holdTaken = false;
            out.println("  released: routes held " + held + " ms, " + requests + " request(s) waited");
            return new Outcome(held, requests, drainMillis, 0, Map.of(), null, Map.of());
        }

        private static String sequences(SyncBarrier.Passed passed) {
            return passed.sequencesAdvanced().isEmpty()
                    ? ""
                    : "; key sequences moved past the synced keys: " + passed.sequencesAdvanced();
        }

        private void undoStep(Runnable step) {
            try {
                step.run();
            } catch (RuntimeException e) {
                out.println(
                        "  ! undo step failed: " + e.getMessage() + " (the routes stay fenced; run the command again)");
                throw e;
            }
        }
    }
}
