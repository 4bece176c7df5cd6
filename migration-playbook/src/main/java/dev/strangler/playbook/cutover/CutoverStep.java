package dev.strangler.playbook.cutover;

import java.util.Arrays;
import java.util.List;

/**
 * The steps of a write cutover and of its rollback, in the order they are taken, each declared once
 * with whether the routes must be held while it runs (the gateway fences held routes whose hold is
 * gone: see the gateway README). That is from the first change of ownership until the flip: the hold
 * step itself is not fenced, since until the hand-over the old owner still owns every column and a
 * write that reaches it is safe (and the hold may let writes through while it waits for a quiet
 * moment). The driver records a step in the gateway before it takes it (or the gateway records it in
 * the call that takes it, or the previous step's record covers it: {@link Recording}), so after a
 * crash the record names the step that may or may not have been taken, and those after it that it
 * covers; every step can be taken again safely.
 */
public enum CutoverStep {

    // cutover: monolith -> service
    STARTING_REVERSE(
            Direction.CUTOVER, false, Recording.BEFORE, "start the reverse stream inert (it applies nothing yet)"),
    HOLDING(Direction.CUTOVER, false, Recording.BEFORE, "hold the routes: admit nothing new, drain what is in flight"),
    HANDING_OVER(
            Direction.CUTOVER, true, Recording.ON_GRANT, "forward stream hands the service's columns over (barrier)"),
    ACTIVATING_REVERSE(
            Direction.CUTOVER,
            true,
            Recording.WITH_PREVIOUS,
            "reverse stream applies every service write from its marker on"),
    FLIPPING(Direction.CUTOVER, true, Recording.WITH_ACTION, "routes to the service"),
    RELEASING(Direction.CUTOVER, false, Recording.WITH_PREVIOUS_CALL, "release the held requests (to the service)"),

    // rollback: service -> monolith
    ROLLBACK_HOLDING(
            Direction.ROLLBACK, false, Recording.BEFORE, "hold the routes: admit nothing new, drain what is in flight"),
    HANDING_BACK(
            Direction.ROLLBACK,
            true,
            Recording.ON_GRANT,
            "reverse stream hands everything over (barrier: every service write is in the monolith)"),
    // Before the flip: the routes are held, so no monolith write of these columns comes before this marker either
    // way, and the flip and the release then go to the gateway in one call each.
    FORWARD_RETAKING(
            Direction.ROLLBACK,
            true,
            Recording.WITH_PREVIOUS,
            "forward stream takes its columns back from its marker on"),
    ROLLBACK_FLIPPING(Direction.ROLLBACK, true, Recording.WITH_ACTION, "routes to the monolith"),
    ROLLBACK_RELEASING(
            Direction.ROLLBACK, false, Recording.WITH_PREVIOUS_CALL, "release the held requests (to the monolith)"),
    REMOVING_REVERSE(Direction.ROLLBACK, false, Recording.BEFORE, "remove the reverse stream");

    /**
     * How a step is recorded in the gateway before it is taken. Inside the hold every round trip to the
     * gateway makes the writes wait longer, so a step that acts on the gateway alone is recorded by the
     * gateway in the call that takes it, and a step that is safe to take again while the routes are held
     * goes under the record of the step before it.
     */
    public enum Recording {
        /** Its own call, before it is taken. */
        BEFORE,
        /**
         * By the gateway, in the call that takes the hold before it, once the hold is granted and before the
         * gateway answers; in its own call before it is taken when the hold was not taken in this run (a run
         * resumed from its record) or the gateway did not record it.
         */
        ON_GRANT,
        /** By the gateway, in the call that takes it ({@code POST /admin/cutovers/{name}/steps}). */
        WITH_ACTION,
        /**
         * Recorded and taken by the gateway in the call that takes the step before it (the flip, then the
         * release); taken alone only by a run resumed from its record.
         */
        WITH_PREVIOUS_CALL,
        /**
         * Not on its own: the previous step's record covers it, and a run resumed from there takes it again
         * (it only writes a marker, while the routes are held, so twice is the same as once).
         */
        WITH_PREVIOUS
    }

    /** Which way the writes move. */
    public enum Direction {
        CUTOVER,
        ROLLBACK;

        public String wire() {
            return name().toLowerCase();
        }

        public static Direction parse(String wire) {
            return valueOf(wire.toUpperCase());
        }

        public Direction opposite() {
            return this == CUTOVER ? ROLLBACK : CUTOVER;
        }

        /** Its steps, in order. */
        public List<CutoverStep> steps() {
            return Arrays.stream(CutoverStep.values())
                    .filter(s -> s.direction == this)
                    .toList();
        }

        /** The first step that changes who owns what: before it, an undo changes nothing back and needs no hold. */
        public CutoverStep firstChange() {
            return this == CUTOVER ? HANDING_OVER : HANDING_BACK;
        }

        /** The step from which on the writes reach the new owner: before it, everything can be undone. */
        public CutoverStep released() {
            return this == CUTOVER ? RELEASING : ROLLBACK_RELEASING;
        }
    }

    /** The step name recorded while a failed or abandoned cutover is being undone. */
    public static final String UNDOING = "undoing";

    private final Direction direction;
    private final boolean holding;
    private final Recording recording;
    private final String what;

    CutoverStep(Direction direction, boolean holding, Recording recording, String what) {
        this.direction = direction;
        this.holding = holding;
        this.recording = recording;
        this.what = what;
    }

    public Recording recording() {
        return recording;
    }

    /** The step whose record covers this one: itself, or for a step recorded with the previous one, that one's. */
    public CutoverStep recordedAs() {
        if (recording != Recording.WITH_PREVIOUS) {
            return this;
        }
        List<CutoverStep> steps = direction.steps();
        return steps.get(steps.indexOf(this) - 1).recordedAs();
    }

    /**
     * What the gateway's record names when the driver stops just before ({@code after} false) or just
     * after this step: a step recorded in the call that takes it is not recorded yet just before it, and
     * a call that records the next step too (the hold, the flip) has recorded that one just after.
     */
    public CutoverStep recordAt(boolean after) {
        List<CutoverStep> steps = direction.steps();
        int i = steps.indexOf(this);
        if (recording == Recording.WITH_ACTION && !after) {
            return steps.get(i - 1).recordedAs();
        }
        if (after && recordsTheNextStep()) {
            return steps.get(i + 1);
        }
        return recordedAs();
    }

    /** The step after this one in its direction, or null after the last. */
    public CutoverStep next() {
        List<CutoverStep> steps = direction.steps();
        int i = steps.indexOf(this);
        return i + 1 < steps.size() ? steps.get(i + 1) : null;
    }

    /** Whether the call that takes this step records the next one too (the hold once granted; the flip). */
    public boolean recordsTheNextStep() {
        CutoverStep next = next();
        return next != null && (next.recording == Recording.WITH_PREVIOUS_CALL || next.recording == Recording.ON_GRANT);
    }

    /** Whether the call that takes this step takes the next one too (the flip, which also releases). */
    public boolean takesTheNextStep() {
        CutoverStep next = next();
        return next != null && next.recording == Recording.WITH_PREVIOUS_CALL;
    }

    public Direction direction() {
        return direction;
    }

    /** Whether the routes must be held while this step runs: fenced (503) if their hold is gone. */
    public boolean holding() {
        return holding;
    }

    public String what() {
        return what;
    }

    /** The name recorded in the gateway: {@code handing-over}; the rollback's steps without their prefix where it repeats. */
    public String wire() {
        return name().toLowerCase().replace("rollback_", "").replace('_', '-');
    }

    public boolean atOrAfter(CutoverStep other) {
        return direction == other.direction && ordinal() >= other.ordinal();
    }

    public static CutoverStep parse(Direction direction, String wire) {
        return direction.steps().stream()
                .filter(s -> s.wire().equals(wire))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("unknown " + direction.wire() + " step '" + wire + "'"));
    }
}
