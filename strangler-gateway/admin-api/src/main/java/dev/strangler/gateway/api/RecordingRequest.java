package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code PUT /admin/recording}: start recording sampled, redacted request/response pairs of the traffic this replica
 * proxies. Absent values take the gateway's defaults (see {@link RecordingStatus}); the redacted headers and JSON
 * fields are added to the ones the gateway always redacts.
 *
 * @param rate              the share of requests sampled, 0..1
 * @param maxExchanges      the most exchanges kept in all (default 1000, or fewer when the heap's share for recordings
 *                          does not hold that many bodies of {@code maxBodyBytes})
 * @param maxPerTemplate    the most exchanges kept per method and path template
 * @param maxBodyBytes      an exchange with a larger request or response body is not kept (counted as skipped)
 * @param redactHeaders     headers whose values are replaced, beside the gateway's own list
 * @param redactJsonFields  JSON fields (at any depth) and form or query fields whose values are replaced
 * @param routes            only these routes; empty or absent: every request, also those no route matches
 * @param callerKey         the key (base64, at least 16 bytes) of the hash that names callers and redacted values;
 *                          the same on every replica of one recording, so they name the same caller alike. Absent: a
 *                          random one. Kept in memory only, never answered.
 * @param reason            why: it goes into the audit log
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordingRequest(
        Double rate,
        Integer maxExchanges,
        Integer maxPerTemplate,
        Integer maxBodyBytes,
        List<String> redactHeaders,
        List<String> redactJsonFields,
        List<String> routes,
        String callerKey,
        String reason) {}
