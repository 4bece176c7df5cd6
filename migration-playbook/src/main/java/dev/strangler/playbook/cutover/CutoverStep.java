package dev.strangler.playbook.cutover;

import java.util.Arrays;
import java.util.List;

/**
 * The steps of a write cutover and of its rollback, in the order they are taken, each declared once
 * with whether the routes must be held while it runs (the gateway fences held routes whose hold is
 * gone: see the gateway README). That is from the first change of ownership until the flip: the hold
 * step itself is not fenced, since until the hand-over the old owner still owns every column and a
 * write that reaches it is safe (and the hold may let writes through while it waits for a quiet moment). The driver records a step in the gateway before it takes it, so
 * after a crash the record names the step that may or may not have been taken; every step can be
 * taken again safely.
 */
public enum CutoverStep {

    // cutover: monolith -> service
    STARTING_REVERSE(Direction.CUTOVER, false, "start the reverse stream inert (it applies nothing yet)"),
    HOLDING(Direction.CUTOVER, false, "hold the routes: admit nothing new, drain what is in flight"),
    HANDING_OVER(Direction.CUTOVER, true, "forward stream hands the service's columns over (barrier)"),
    ACTIVATING_REVERSE(Direction.CUTOVER, true, "reverse stream applies every service write from its marker on"),
    FLIPPING(Direction.CUTOVER, true, "routes to the service"),
    RELEASING(Direction.CUTOVER, false, "release the held requests (to the service)"),

    // rollback: service -> monolith
    ROLLBACK_HOLDING(Direction.ROLLBACK, false, "hold the routes: admit nothing new, drain what is in flight"),
    HANDING_BACK(
            Direction.ROLLBACK,
            true,
            "reverse stream hands everything over (barrier: every service write is in the monolith)"),
    ROLLBACK_FLIPPING(Direction.ROLLBACK, true, "routes to the monolith"),
    FORWARD_RETAKING(Direction.ROLLBACK, true, "forward stream takes its columns back from its marker on"),
    ROLLBACK_RELEASING(Direction.ROLLBACK, false, "release the held requests (to the monolith)"),
    REMOVING_REVERSE(Direction.ROLLBACK, false, "remove the reverse stream");

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
    private final String what;

    CutoverStep(Direction direction, boolean holding, String what) {
        this.direction = direction;
        this.holding = holding;
        this.what = what;
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
