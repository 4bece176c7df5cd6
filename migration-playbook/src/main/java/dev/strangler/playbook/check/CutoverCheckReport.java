package dev.strangler.playbook.check;

import dev.strangler.playbook.cutover.WriteCutover;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The check's report: a table per cycle, the rows that went wrong, and the summary as the last line. */
final class CutoverCheckReport {

    private CutoverCheckReport() {}

    static void print(CutoverCheck.Result r, PrintWriter out) {
        List<Operation> history = r.history();
        out.println(
                "| cycle | fault | cutover exit | rollback exit | writes | acked | failed | unknown | stale reads | note |");
        out.println("|---:|---|---|---|---:|---:|---:|---:|---:|---|");
        for (CutoverCheck.Cycle c : r.cycles()) {
            List<Operation> writes = history.stream()
                    .filter(Operation::writes)
                    .filter(o -> o.startNanos() >= c.startNanos() && o.startNanos() < c.endNanos())
                    .toList();
            long stale = r.verdict().staleReads().stream()
                    .filter(s ->
                            s.read().startNanos() >= c.startNanos() && s.read().startNanos() < c.endNanos())
                    .count();
            out.printf(
                    Locale.ROOT,
                    "| %d | %s | %s | %s | %d | %d | %d | %d | %d | %s |%n",
                    c.number(),
                    c.fault() == null ? "-" : c.fault().name().toLowerCase(Locale.ROOT),
                    exits(c.cutoverExits()),
                    exits(c.rollbackExits()),
                    writes.size(),
                    count(writes, Operation.Outcome.OK),
                    count(writes, Operation.Outcome.FAILED),
                    count(writes, Operation.Outcome.UNKNOWN),
                    stale,
                    c.faultNote());
        }
        for (Verdict.Row row : r.verdict().rows()) {
            if (row.lost() || !row.parity()) {
                out.println("row " + row.row() + (row.lost() ? " LOST: " : " PARITY: ") + row.explanation());
                row.acknowledgedMissing().forEach(w -> out.println("    missing: " + w.describe()));
            }
        }
        r.verdict().staleReads().stream()
                .limit(20)
                .forEach(s -> out.println("stale read: " + s.read().describe() + " returned " + s.returned()
                        + " after its own " + s.ownWrite().describe()));
        if (r.unreadableHistoryLines() > 0) {
            out.println("history: " + r.unreadableHistoryLines() + " line(s) could not be read (cut short by a kill)");
        }
        anatomy(r.cleanRuns(), out);
        r.problems().forEach(p -> out.println("problem: " + p));
        out.println(lastLine(r));
        out.flush();
    }

    /**
     * Where the time of the cutovers and rollbacks that took every step themselves went, as each measured it: the
     * hold as the gateway measured it, the drain (hold asked to granted), the barrier, and each step.
     */
    static void anatomy(Map<String, List<WriteCutover.Outcome>> runs, PrintWriter out) {
        if (runs.isEmpty()) {
            return;
        }
        List<String> directions = runs.keySet().stream().sorted().toList();
        Map<String, Function<WriteCutover.Outcome, Long>> rows = new LinkedHashMap<>();
        rows.put("writes held (the gateway's measure)", WriteCutover.Outcome::heldMillis);
        rows.put("hold asked to granted (quiet wait, writes flowing, then drain)", WriteCutover.Outcome::drainMillis);
        rows.put("barrier", WriteCutover.Outcome::barrierMillis);
        Set<String> steps = new LinkedHashSet<>();
        directions.forEach(
                d -> runs.get(d).forEach(o -> steps.addAll(o.stepMillis().keySet())));
        steps.forEach(step -> rows.put("step " + step, o -> o.stepMillis().get(step)));
        out.println();
        out.println("Where the time of the runs that took every step themselves went (ms: p50 / p99 / max):");
        out.println();
        out.println("| | "
                + directions.stream()
                        .map(d -> d + " (" + runs.get(d).size() + " runs)")
                        .collect(Collectors.joining(" | "))
                + " |");
        out.println("|---|" + "---:|".repeat(directions.size()));
        rows.forEach((name, value) -> out.println("| " + name + " | "
                + directions.stream()
                        .map(d -> {
                            List<Long> seen = runs.get(d).stream()
                                    .map(value)
                                    .filter(java.util.Objects::nonNull)
                                    .toList();
                            return seen.isEmpty()
                                    ? "-"
                                    : percentile(seen, 50) + " / " + percentile(seen, 99) + " / "
                                            + seen.stream()
                                                    .mapToLong(Long::longValue)
                                                    .max()
                                                    .orElse(0);
                        })
                        .collect(Collectors.joining(" | "))
                + " |"));
        out.println();
    }

    private static String exits(List<Integer> exits) {
        return exits.stream()
                .map(e -> e == StranglerProcess.KILLED ? "killed" : String.valueOf(e))
                .reduce((a, b) -> a + ", then " + b)
                .orElse("-");
    }

    private static long count(List<Operation> ops, Operation.Outcome outcome) {
        return ops.stream().filter(o -> o.outcome() == outcome).count();
    }

    static String lastLine(CutoverCheck.Result r) {
        Verdict v = r.verdict();
        return String.format(
                Locale.ROOT,
                "cycles=%d replicas=%d writes=%d acknowledged=%d lost=%d stale_reads=%d parity=%s hold_p50_ms=%s hold_p99_ms=%s"
                        + " holds=%d clear_of_faults=%d clear_hold_p50_ms=%s clear_hold_p99_ms=%s",
                r.cycles().size(),
                r.replicas(),
                v.writes(),
                v.acknowledged(),
                v.lost(),
                v.staleReads().size(),
                v.parityExact() ? "exact" : "DIFF",
                percentile(r.holdMillis(), 50),
                percentile(r.holdMillis(), 99),
                r.holdMillis().size(),
                r.holdMillisClearOfFaults().size(),
                percentile(r.holdMillisClearOfFaults(), 50),
                percentile(r.holdMillisClearOfFaults(), 99));
    }

    /** Nearest rank; "n/a" without holds (the audit log could not be read). */
    static String percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return String.valueOf(sorted.get(Math.max(0, rank - 1)));
    }
}
