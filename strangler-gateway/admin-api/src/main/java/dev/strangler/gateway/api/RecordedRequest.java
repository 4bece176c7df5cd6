package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A recorded request, redacted.
 *
 * @param url        path and raw query as the client sent them
 * @param headers    the request's headers, hop-by-hop ones left out
 * @param body       the body as text, when it is text
 * @param base64Body the body in base64, when it is not text
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordedRequest(
        String method, String url, Map<String, List<String>> headers, String body, String base64Body) {}
