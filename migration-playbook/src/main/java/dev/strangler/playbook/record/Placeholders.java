package dev.strangler.playbook.record;

import dev.strangler.gateway.api.RecordedExchange;
import dev.strangler.gateway.api.RecordedRequest;
import dev.strangler.gateway.api.RecordedResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers the gateway's redaction placeholders for the recording: a replica writes {@code «redacted:<keyed hash>»}
 * (the same for the same secret on every replica of the recording), the recording reads {@code «redacted:<n>»}, n
 * counting distinct secrets in the order they first appear. The same secret keeps the same number throughout, so a
 * replay can still tell that a later request sends the token an earlier answer gave.
 */
final class Placeholders {

    static final Pattern FROM_GATEWAY = Pattern.compile("«redacted:([0-9a-f]{16})»");

    private final Map<String, Integer> numbers = new HashMap<>();

    /** The exchange with every placeholder numbered, in the order request URL, headers, body, then the response's. */
    RecordedExchange numbered(RecordedExchange e) {
        RecordedRequest q = e.request();
        RecordedResponse r = e.response();
        RecordedRequest request =
                new RecordedRequest(q.method(), text(q.url()), headers(q.headers()), text(q.body()), q.base64Body());
        RecordedResponse response =
                new RecordedResponse(r.status(), headers(r.headers()), text(r.body()), r.base64Body());
        return new RecordedExchange(
                e.id(),
                e.sequence(),
                e.startedAt(),
                e.durationMs(),
                e.caller(),
                e.route(),
                e.mode(),
                e.side(),
                e.template(),
                request,
                response,
                e.redactions());
    }

    String text(String text) {
        if (text == null || !text.contains("«redacted:")) {
            return text;
        }
        Matcher m = FROM_GATEWAY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = numbers.computeIfAbsent(m.group(1), id -> numbers.size() + 1);
            m.appendReplacement(out, Matcher.quoteReplacement("«redacted:" + n + "»"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Map<String, List<String>> headers(Map<String, List<String>> headers) {
        if (headers == null) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach(
                (name, values) -> out.put(name, values.stream().map(this::text).toList()));
        return out;
    }
}
