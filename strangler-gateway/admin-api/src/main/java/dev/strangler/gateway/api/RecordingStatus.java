package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/recording}: whether this replica records, with what settings, and how many exchanges it kept and
 * skipped (by reason: {@code sampled-out}, {@code route-not-selected}, {@code template-cap}, {@code total-cap}, {@code
 * body-too-large}, {@code encoded-body}, {@code failed}). When off, only {@code on} is set. The answer of {@code PUT}
 * and of {@code DELETE} (the last counts before the exchanges were dropped) too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordingStatus(
        boolean on,
        Instant startedAt,
        Double rate,
        Integer maxExchanges,
        Integer maxPerTemplate,
        Integer maxBodyBytes,
        List<String> routes,
        List<String> redactedHeaders,
        List<String> redactedJsonFields,
        Long recorded,
        Map<String, Long> skipped) {

    public static RecordingStatus off() {
        return new RecordingStatus(false, null, null, null, null, null, null, null, null, null, null);
    }
}
