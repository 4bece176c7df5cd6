package dev.strangler.playbook.replay;

import java.util.Map;

/**
 * A request as the recording has it, placeholders ({@code «redacted:n»}) included.
 *
 * @param url     the path and raw query exactly as the client sent them
 * @param headers the headers to send: the mapping's {@code equalTo} header patterns (Content-Type, Accept) and the
 *                recorder's {@code requestHeaders} (credentials as placeholders), by name
 * @param body    the body as text, or null when there was none or it was binary
 * @param binary  the body's bytes when it was not text, else null
 */
record RecordedRequest(String method, String url, Map<String, String> headers, String body, byte[] binary) {

    /** POST, PUT, PATCH and DELETE change something: replayed only when asked, against a disposable target. */
    boolean isWrite() {
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }
}
