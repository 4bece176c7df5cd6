package dev.strangler.gateway.shadow;

import dev.strangler.compare.ComparedResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/**
 * A response as the shadow comparison sees it.
 *
 * @param truncated the body was larger than the comparison limit; only its start is kept
 */
public record CapturedResponse(int status, HttpHeaders headers, byte[] body, boolean truncated) {

    /** The same response for the shared comparator, which knows no Spring types. */
    public ComparedResponse compared() {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        headers.forEach(byName::put);
        return new ComparedResponse(status, byName, body, truncated);
    }
}
