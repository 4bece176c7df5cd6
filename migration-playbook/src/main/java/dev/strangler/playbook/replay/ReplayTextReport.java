package dev.strangler.playbook.replay;

import java.io.PrintWriter;

/**
 * Prints a replay for people: each request that differed, failed or was skipped, with what differs, then one summary
 * line. Matched requests are printed only when noise was left out of their comparison, so that is never silent.
 */
final class ReplayTextReport {

    private ReplayTextReport() {}

    static void print(ReplayReport report, PrintWriter out) {
        for (ReplayedRequest r : report.requests()) {
            if (r.outcome() == Outcome.MATCHED
                    && r.noise().isEmpty()
                    && r.moments().isEmpty()) {
                continue;
            }
            out.printf(
                    "%-18s %s %s  (mapping %s, %s, caller %s)%n",
                    r.outcome().label(), r.method(), r.url(), r.mapping(), r.file(), r.caller());
            r.differences().forEach(d -> out.println("    " + d));
            if (!r.noise().isEmpty()) {
                out.println("    noise left out (the target's own two answers differ there): "
                        + String.join(", ", r.noise()));
            }
            if (!r.moments().isEmpty()) {
                out.println("    times taken as the replayed request's own (the same distance from one of the caller's"
                        + " requests in both runs): " + String.join(", ", r.moments()));
            }
            if (r.note() != null) {
                out.println("    " + r.note());
            }
        }
        out.printf(
                "%s: replayed %d of %d requests against %s: %d matched, %d differed, %d failed; %d writes skipped"
                        + " (no --writes), %d skipped as depending on a skipped write%s%n",
                report.passed() ? "PASSED" : "FAILED",
                report.replayed(),
                report.requests().size(),
                report.baseUrl(),
                report.matched(),
                report.differed(),
                report.failed(),
                report.skippedWrites(),
                report.skippedDependencies(),
                report.neededSecrets() == 0
                        ? ""
                        : "; " + report.neededSecrets() + " not sent: they need a secret the recording does not keep");
        out.flush();
    }
}
