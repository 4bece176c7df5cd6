package dev.strangler.playbook.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Checks a history of price writes and reads against the final state of both databases, the way
 * Jepsen checks a register: every write sent a value no other write sent, so a final value names the
 * write that left it.
 * <ul>
 * <li><b>Allowed final values</b> of a row: each write that was acknowledged or has an unknown outcome,
 * unless an acknowledged write of the row started after it ended (then that one came later and
 * overwrote it); a write of unknown outcome never counts as ended, its effect may land any time after
 * it started. The initial value is allowed only when no write of the row was acknowledged. A failed
 * write (definitely not applied) is never allowed.</li>
 * <li><b>Lost</b>: a database holds a value that is not allowed. The acknowledged writes among the
 * allowed ones are then reported as missing: one of them should be the final value.</li>
 * <li><b>Stale read</b>: a caller's acknowledged read that started within the read-your-writes window
 * after one of its own acknowledged writes of the row ended, and returned the initial value, or the
 * value of an acknowledged write that ended before its own write started.</li>
 * <li><b>Parity</b>: both databases hold the same value for every row.</li>
 * </ul>
 */
public final class HistoryChecker {

    private final long windowNanos;

    public HistoryChecker(Duration readYourWritesWindow) {
        this.windowNanos = readYourWritesWindow.toNanos();
    }

    /**
     * @param initial  each checked row's price in cents before the run
     * @param monolith each row's final price in cents in the monolith
     * @param service  each row's final price in cents in the service, converted to cents
     */
    public Verdict check(
            List<Operation> history, Map<Long, Long> initial, Map<Long, Long> monolith, Map<Long, Long> service) {
        Map<Long, Operation> writerOf = new HashMap<>();
        Map<Long, List<Operation>> writesByRow = new HashMap<>();
        long writes = 0;
        long acknowledged = 0;
        for (Operation op : history) {
            if (op.writes()) {
                writes++;
                if (op.acknowledged()) {
                    acknowledged++;
                }
                writerOf.putIfAbsent(op.value(), op);
                writesByRow.computeIfAbsent(op.row(), r -> new ArrayList<>()).add(op);
            }
        }
        TreeSet<Long> rows = new TreeSet<>(initial.keySet());
        rows.addAll(writesByRow.keySet());
        List<Verdict.Row> verdicts = new ArrayList<>();
        for (long row : rows) {
            verdicts.add(row(
                    row,
                    writesByRow.getOrDefault(row, List.of()),
                    initial.get(row),
                    monolith.get(row),
                    service.get(row),
                    writerOf));
        }
        return new Verdict(List.copyOf(verdicts), staleReads(history, initial, writerOf), writes, acknowledged);
    }

    private static Verdict.Row row(
            long row,
            List<Operation> writes,
            Long initial,
            Long monolith,
            Long service,
            Map<Long, Operation> writerOf) {
        long lastAckedStart = writes.stream()
                .filter(Operation::acknowledged)
                .mapToLong(Operation::startNanos)
                .max()
                .orElse(Long.MIN_VALUE);
        List<Operation> candidates = writes.stream()
                .filter(w -> w.outcome() != Operation.Outcome.FAILED)
                .filter(w -> lastAckedStart <= w.mayTakeEffectUntil())
                .sorted(Comparator.comparingLong(Operation::startNanos))
                .toList();
        List<Long> allowed = new ArrayList<>();
        if (lastAckedStart == Long.MIN_VALUE && initial != null) {
            allowed.add(initial);
        }
        candidates.forEach(w -> allowed.add(w.value()));
        boolean monolithLost = !allowed.contains(monolith);
        boolean serviceLost = !allowed.contains(service);
        List<Operation> missing = monolithLost || serviceLost
                ? candidates.stream().filter(Operation::acknowledged).toList()
                : List.of();
        String explanation = "";
        if (monolithLost || serviceLost || !Objects.equals(monolith, service)) {
            explanation = "the monolith holds " + source(monolith, initial, writerOf)
                    + (monolithLost ? " (not allowed)" : "")
                    + "; the service holds " + source(service, initial, writerOf)
                    + (serviceLost ? " (not allowed)" : "")
                    + "; allowed: "
                    + (allowed.size() <= 8
                            ? allowed.toString()
                            : allowed.subList(0, 4) + " ... " + allowed.subList(allowed.size() - 4, allowed.size())
                                    + " (" + allowed.size() + " values, writes of unknown outcome included)");
        }
        return new Verdict.Row(
                row, monolith, service, List.copyOf(allowed), monolithLost, serviceLost, missing, explanation);
    }

    private static String source(Long value, Long initial, Map<Long, Operation> writerOf) {
        if (value == null) {
            return "no row";
        }
        Operation w = writerOf.get(value);
        if (w != null) {
            return value + " from " + w.describe();
        }
        return Objects.equals(value, initial) ? value + " (the initial value)" : value + " (a value no write sent)";
    }

    private List<Verdict.StaleRead> staleReads(
            List<Operation> history, Map<Long, Long> initial, Map<Long, Operation> writerOf) {
        Map<String, List<Operation>> ownAckedWrites = new HashMap<>();
        for (Operation op : history) {
            if (op.writes() && op.acknowledged()) {
                ownAckedWrites
                        .computeIfAbsent(op.caller() + "\u0000" + op.row(), k -> new ArrayList<>())
                        .add(op);
            }
        }
        List<Verdict.StaleRead> stale = new ArrayList<>();
        for (Operation read : history) {
            if (read.writes() || !read.acknowledged() || read.value() == null) {
                continue;
            }
            // The caller's latest-starting own write that ended within the window before this read started.
            Operation own = ownAckedWrites.getOrDefault(read.caller() + "\u0000" + read.row(), List.of()).stream()
                    .filter(w -> w.endNanos() <= read.startNanos() && read.startNanos() - w.endNanos() <= windowNanos)
                    .max(Comparator.comparingLong(Operation::startNanos))
                    .orElse(null);
            if (own == null) {
                continue;
            }
            Operation source = writerOf.get(read.value());
            if (source == null && Objects.equals(read.value(), initial.get(read.row()))) {
                stale.add(new Verdict.StaleRead(read, own, read.value() + " (the initial value)"));
            } else if (source != null
                    && source != own
                    && source.acknowledged()
                    && source.endNanos() < own.startNanos()) {
                stale.add(new Verdict.StaleRead(read, own, read.value() + " from " + source.describe()));
            }
        }
        return List.copyOf(stale);
    }
}
