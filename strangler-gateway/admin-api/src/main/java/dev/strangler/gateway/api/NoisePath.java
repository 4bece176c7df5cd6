package dev.strangler.gateway.api;

import java.time.Instant;

/**
 * A path of a route's answers that the shadow saw vary by itself, monolith against monolith
 * ({@code GET /admin/routes/{id}/noise}): how often, when last, and whether the comparison ignores it now.
 */
public record NoisePath(String path, int timesSeen, Instant lastSeen, boolean ignored) {}
