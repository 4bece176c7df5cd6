package dev.strangler.gateway.api;

import java.time.Instant;

/** The last load of the route file ({@code GET /admin/reload}): accepted, or why not; {@code digest} is the live table's. */
public record ReloadStatus(Instant time, boolean accepted, String source, String digest, String message) {}
