package dev.strangler.playbook.check;

import java.util.Locale;

/**
 * One request of the history, as its caller saw it: who sent it, whether it wrote or read which row,
 * the value (price in cents) it wrote or read, when it started and ended on one monotonic clock
 * (nanoseconds since the run began), and what the caller was told.
 *
 * @param id        unique within a run; the log writes an operation twice (invoked, then completed) under it
 * @param value     the cents a write sent, or a read returned (null for a read without an answer)
 * @param endNanos  when the caller got its answer or gave up; {@link #NOT_ENDED} while in flight
 * @param outcome   null while in flight
 * @param detail    what the caller got, for people (status, error); never interpreted
 */
public record Operation(
        long id,
        String caller,
        Kind kind,
        long row,
        Long value,
        long startNanos,
        long endNanos,
        Outcome outcome,
        String detail) {

    /** The end of an operation that has not ended, or whose effect may still land at any time. */
    public static final long NOT_ENDED = Long.MAX_VALUE;

    public enum Kind {
        WRITE,
        READ
    }

    /** What the caller was told. */
    public enum Outcome {
        /** Acknowledged: a 2xx. */
        OK,
        /** Definitely not applied: a 4xx, or a connection that was never made. */
        FAILED,
        /** May or may not have been applied: a timeout, a 5xx, a connection reset, or no answer before the run ended. */
        UNKNOWN
    }

    public static Operation invoked(long id, String caller, Kind kind, long row, Long value, long startNanos) {
        return new Operation(id, caller, kind, row, value, startNanos, NOT_ENDED, null, null);
    }

    public Operation completed(long endNanos, Outcome outcome, Long value, String detail) {
        return new Operation(
                id, caller, kind, row, kind == Kind.WRITE ? this.value : value, startNanos, endNanos, outcome, detail);
    }

    /**
     * Until when this write's effect may land: its end when the caller was told how it went; never
     * bounded when it was not (a request that timed out may still be applied later, e.g. after a hold).
     */
    public long mayTakeEffectUntil() {
        return outcome == Outcome.OK || outcome == Outcome.FAILED ? endNanos : NOT_ENDED;
    }

    public boolean writes() {
        return kind == Kind.WRITE;
    }

    public boolean acknowledged() {
        return outcome == Outcome.OK;
    }

    /** Seconds since the run began, for reports. */
    public String startedAt() {
        return seconds(startNanos);
    }

    public String endedAt() {
        return endNanos == NOT_ENDED ? "never" : seconds(endNanos);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    /** For reports: "writer-2's write of 1234 (12.000 s to 12.300 s, OK)". */
    public String describe() {
        return caller + "'s " + kind.name().toLowerCase(Locale.ROOT) + " of " + value + " on row " + row
                + " (" + startedAt() + " to " + endedAt() + ", " + outcome + (detail == null ? "" : ": " + detail)
                + ")";
    }
}
