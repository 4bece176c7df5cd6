package dev.strangler.playbook.check;

import java.util.List;
import java.util.Objects;

/**
 * What the checker found: per row, the final value in each database against the values the history
 * allows; the reads that missed their caller's own write; and whether both databases agree.
 *
 * @param writes       every write the history holds
 * @param acknowledged the writes whose caller got a 2xx
 */
public record Verdict(List<Row> rows, List<StaleRead> staleReads, long writes, long acknowledged) {

    /**
     * One row: its final price in cents in the monolith and in the service (null when the row is
     * missing), the values the history allows as final, and, when a database holds none of them, the
     * acknowledged writes one of which it should hold.
     */
    public record Row(
            long row,
            Long monolith,
            Long service,
            List<Long> allowed,
            boolean monolithLost,
            boolean serviceLost,
            List<Operation> acknowledgedMissing,
            String explanation) {

        public boolean lost() {
            return monolithLost || serviceLost;
        }

        public boolean parity() {
            return monolith != null && Objects.equals(monolith, service);
        }
    }

    /** A read by a caller within the read-your-writes window of its own acknowledged write, that returned an older value. */
    public record StaleRead(Operation read, Operation ownWrite, String returned) {}

    /** Rows where either database holds a value the history does not allow. */
    public long lost() {
        return rows.stream().filter(Row::lost).count();
    }

    public boolean parityExact() {
        return rows.stream().allMatch(Row::parity);
    }

    public boolean passed() {
        return lost() == 0 && staleReads.isEmpty() && parityExact();
    }
}
