package dev.strangler.playbook.contract.http;

import tools.jackson.databind.JsonNode;

/**
 * One HTTP exchange as the contract suite saw it, labelled with the scenario step that made it,
 * so that a failed expectation can say which step, what was sent and what came back.
 *
 * @param step        the scenario step, in words ({@code "log in"})
 * @param method      the HTTP method
 * @param path        the path and query relative to the base URL
 * @param status      the HTTP status code
 * @param contentType the {@code Content-Type} header, or an empty string when absent
 * @param body        the raw body text
 * @param json        the body parsed as JSON, or {@code null} when it is empty or not JSON
 */
public record ApiResponse(
        String step, String method, String path, int status, String contentType, String body, JsonNode json) {

    private static final int EXCERPT_LENGTH = 300;

    /** The media type without parameters, lower case ({@code application/json}). */
    public String mediaType() {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase();
    }

    /** The start of the body on one line, short enough for a failure message. */
    public String excerpt() {
        if (body.isBlank()) {
            return "(empty body)";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= EXCERPT_LENGTH ? oneLine : oneLine.substring(0, EXCERPT_LENGTH) + "...";
    }

    /** {@code step 'log in' (POST /api/auth/login)}: where a failure happened. */
    public String where() {
        return "step '" + step + "' (" + method + " " + path + ")";
    }
}
