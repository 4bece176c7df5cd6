package dev.strangler.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A response as a comparison sees it, whoever captured it: the gateway's shadow traffic, a replayed
 * recording. Header names are looked up without regard to case, as HTTP has them.
 *
 * @param headers   each header's values, in the order they came
 * @param truncated the body was larger than the capture limit; only its start is kept, so it is never
 *                  compared as JSON
 */
public record ComparedResponse(int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {

    public ComparedResponse {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) ->
                byName.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        byName.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(byName);
    }

    /** The header's values, none when it is not there. */
    public List<String> header(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The header's first value, or null. */
    public String firstHeader(String name) {
        List<String> values = header(name);
        return values.isEmpty() ? null : values.get(0);
    }
}
