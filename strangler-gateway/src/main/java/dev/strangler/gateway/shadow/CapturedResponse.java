package dev.strangler.gateway.shadow;

import org.springframework.http.HttpHeaders;

/**
 * A response as the shadow comparison sees it.
 *
 * @param truncated the body was larger than the comparison limit; only its start is kept
 */
public record CapturedResponse(int status, HttpHeaders headers, byte[] body, boolean truncated) {}
