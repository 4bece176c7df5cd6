package dev.strangler.gateway.api;

import java.time.Instant;

/** What a released hold did ({@code DELETE /admin/routes/{id}/hold}): how long it held, and how many requests waited. */
public record HoldReleased(String routeId, Instant since, long heldMillis, int requestsHeld, HoldOutcome how) {}
