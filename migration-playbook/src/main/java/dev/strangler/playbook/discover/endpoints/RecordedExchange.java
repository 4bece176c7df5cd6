package dev.strangler.playbook.discover.endpoints;

/**
 * One request of a recording, as discovery needs it.
 *
 * @param path       the path the client sent, without its query
 * @param template   the path pattern of the gateway route that matched it, or null when none did
 * @param durationMs how long the answer took, or null when the mapping does not say
 */
public record RecordedExchange(String method, String path, int status, Double durationMs, String template) {}
