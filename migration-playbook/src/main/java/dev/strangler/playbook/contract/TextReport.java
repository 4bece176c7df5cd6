package dev.strangler.playbook.contract;

import java.io.PrintWriter;

/** Prints a suite report for people: one line per scenario, the failure details, then a summary line. */
final class TextReport {

    private TextReport() {}

    static void print(SuiteReport report, String baseUrl, PrintWriter out) {
        int width = report.results().stream()
                .mapToInt(result -> result.name().length())
                .max()
                .orElse(0);
        for (ScenarioResult result : report.results()) {
            out.printf(
                    "%s  %-" + width + "s  %6d ms%n",
                    result.passed() ? "PASS" : "FAIL",
                    result.name(),
                    result.took().toMillis());
            for (String failure : result.failures()) {
                out.println("      " + failure);
            }
        }
        out.printf("contract: %d passed, %d failed against %s%n", report.passedCount(), report.failedCount(), baseUrl);
        out.flush();
    }
}
