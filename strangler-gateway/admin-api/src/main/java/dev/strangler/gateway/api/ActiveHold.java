package dev.strangler.gateway.api;

import java.time.Instant;

/** A hold under way ({@code GET /admin/holds}), with the requests waiting and those still in flight. */
public record ActiveHold(String routeId, Instant since, Instant expiresAt, int waiting, int inFlight) {}
