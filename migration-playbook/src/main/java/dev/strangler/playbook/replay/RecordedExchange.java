package dev.strangler.playbook.replay;

import dev.strangler.compare.ComparedResponse;

/**
 * One recorded request and the answer it got: one WireMock stub mapping of the recording.
 *
 * @param id       the mapping's id, which {@code callers.json} lists
 * @param file     the mapping's file name under {@code mappings/}, for messages
 * @param sequence the global order, 1-based, by request start
 * @param caller   the caller's stable pseudonym within the recording ({@code c-<12 hex>})
 * @param took     when the request started and how long its answer took, as recorded; null when the recording does
 *     not say
 */
record RecordedExchange(
        String id,
        String file,
        int sequence,
        String caller,
        RecordedRequest request,
        ComparedResponse response,
        Moments.Window took) {}
