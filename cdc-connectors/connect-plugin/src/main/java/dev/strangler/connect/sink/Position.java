package dev.strangler.connect.sink;

import org.apache.kafka.connect.data.Struct;

/**
 * A change's place in its stream, as {@code MapToTarget} read it from Debezium: the end LSN of the
 * last commit before the change and the change's own LSN. In stream order these pairs strictly
 * increase, so a change at or before the last position applied has been applied.
 *
 * <p>Two kinds of change have no such pair. A snapshot record ({@code snapshot}) stands before every
 * streamed change, at the LSN of its snapshot; the first transaction after a start may lack the commit.
 * Either is applied unless a change committed after its LSN has been applied already: then it is a
 * replay from before that change (a snapshot replayed after streaming began would take rows back to
 * their state at the snapshot, and the streamed changes that followed would be skipped).
 *
 * <p>{@code ordinal} tells apart the changes that share an LSN (the rows of a multi-row insert).
 */
record Position(Long commitLsn, long lsn, int ordinal, boolean snapshot) implements Comparable<Position> {

    /** The position of a change record, or null: no {@code position} (a change written before version 2) or an empty one. */
    static Position of(Struct change) {
        if (change.schema().field("position") == null) {
            return null;
        }
        Struct p = change.getStruct("position");
        if (p == null) {
            return null;
        }
        Integer ordinal = p.schema().field("ordinal") == null ? null : p.getInt32("ordinal");
        return new Position(
                p.getInt64("commit_lsn"),
                p.getInt64("lsn"),
                ordinal == null ? 0 : ordinal,
                Boolean.TRUE.equals(p.getBoolean("snapshot")));
    }

    /** Whether this position is a point in stream order: one to compare with and to store. */
    boolean ordered() {
        return !snapshot && commitLsn != null;
    }

    /** Whether the change at this position has been applied, given the last position applied (null: none). */
    boolean appliedBy(Position last) {
        if (last == null) {
            return false;
        }
        if (ordered()) {
            return compareTo(last) <= 0;
        }
        return Long.compareUnsigned(last.commitLsn, lsn) > 0;
    }

    @Override
    public int compareTo(Position other) {
        int byCommit = Long.compareUnsigned(commitLsn, other.commitLsn);
        if (byCommit != 0) {
            return byCommit;
        }
        int byLsn = Long.compareUnsigned(lsn, other.lsn);
        return byLsn != 0 ? byLsn : Integer.compare(ordinal, other.ordinal);
    }

    /** PostgreSQL's text form of an LSN, {@code 16/B374D848}, for a {@code pg_lsn} column. */
    static String text(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/"
                + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }

    static long parse(String text) {
        int slash = text.indexOf('/');
        return (Long.parseUnsignedLong(text.substring(0, slash), 16) << 32)
                | Long.parseUnsignedLong(text.substring(slash + 1), 16);
    }

    @Override
    public String toString() {
        return (snapshot ? "snapshot@" + text(lsn) : (commitLsn == null ? "?" : text(commitLsn)) + "|" + text(lsn))
                + "#" + ordinal;
    }
}
