package dev.strangler.playbook.replay;

import java.util.List;

/**
 * A replay's outcome, request by request, with its counts: what {@code --json} prints and a program reads.
 *
 * @param passed true when no request differed or failed and none needed a secret nobody gave (skipped ones do not
 *     fail a replay)
 */
public record ReplayReport(
        String recording,
        String baseUrl,
        boolean passed,
        int replayed,
        int matched,
        int differed,
        int failed,
        int skippedWrites,
        int skippedDependencies,
        int neededSecrets,
        List<ReplayedRequest> requests) {

    static ReplayReport of(String recording, String baseUrl, List<ReplayedRequest> requests) {
        return new ReplayReport(
                recording,
                baseUrl,
                requests.stream().noneMatch(r -> r.outcome().failure()),
                count(requests, Outcome.MATCHED) + count(requests, Outcome.DIFFERED) + count(requests, Outcome.FAILED),
                count(requests, Outcome.MATCHED),
                count(requests, Outcome.DIFFERED),
                count(requests, Outcome.FAILED),
                count(requests, Outcome.SKIPPED_WRITE),
                count(requests, Outcome.SKIPPED_DEPENDENCY),
                count(requests, Outcome.NEEDS_SECRET),
                List.copyOf(requests));
    }

    private static int count(List<ReplayedRequest> requests, Outcome outcome) {
        return (int) requests.stream().filter(r -> r.outcome() == outcome).count();
    }
}
