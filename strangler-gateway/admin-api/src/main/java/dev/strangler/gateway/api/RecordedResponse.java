package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A recorded response, redacted: as the client got it, but decompressed when it came gzip-encoded (then without
 * {@code Content-Encoding}), and without {@code Content-Length} and hop-by-hop headers.
 *
 * @param body       the body as text, when it is text
 * @param base64Body the body in base64, when it is not text
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordedResponse(int status, Map<String, List<String>> headers, String body, String base64Body) {}
