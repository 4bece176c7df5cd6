package dev.strangler.playbook.replay;

import java.util.List;

/**
 * One recorded request as replayed.
 *
 * @param mapping     the recording's mapping id
 * @param file        the mapping's file under {@code mappings/}
 * @param url         the path and query as sent (carried values in place), or as recorded when not sent
 * @param status      the target's status, or null when nothing was sent or no answer came
 * @param differences each difference from the recorded answer, naming where ({@code $.items[0].price: 12.9 vs 13.9})
 * @param noise       the paths left out because the target's own two answers differed there
 * @param moments     the paths whose recorded time stands for the replayed one: the moment of a request of the caller
 *     (see {@link Moments})
 * @param note        why it was skipped or failed, or null
 */
public record ReplayedRequest(
        String mapping,
        String file,
        String caller,
        int sequence,
        String method,
        String url,
        Outcome outcome,
        Integer status,
        List<String> differences,
        List<String> noise,
        List<String> moments,
        String note) {}
