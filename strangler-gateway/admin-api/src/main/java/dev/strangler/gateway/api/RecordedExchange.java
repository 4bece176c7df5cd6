package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One recorded request/response pair ({@code GET /admin/recording/exchanges}), redacted before the gateway kept it:
 * a redacted value reads {@code «redacted:<id>»}, where the id is a keyed hash of the secret, the same for the same
 * secret on every replica of the recording (so the token a login answered and the later {@code Bearer} header read
 * alike), and the key is never stored.
 *
 * @param id         unique, stable
 * @param sequence   the order of the request's start on this replica, 1-based
 * @param caller     {@code c-<12 hex>}: a keyed hash of the credential, else of {@code X-Device-Id}, else of the
 *                   client address
 * @param route      the matched route, or null
 * @param mode       the route's live mode then ({@code monolith} when no route matched)
 * @param side       who answered: {@code monolith} or {@code service}
 * @param template   the matched path pattern of the route, or null
 * @param redactions where values were replaced: {@code request.headers.Authorization}, {@code
 *                   response.body.$.token}, {@code request.query.token}, ...
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordedExchange(
        String id,
        long sequence,
        Instant startedAt,
        double durationMs,
        String caller,
        String route,
        String mode,
        String side,
        String template,
        RecordedRequest request,
        RecordedResponse response,
        List<String> redactions) {}
