package dev.strangler.gateway.api;

/**
 * A granted hold: how long it took from the request ({@code drainMillis}), of which {@code quietWaitMillis}
 * waiting for a quiet moment with the gate still open, and how many requests were in flight when it closed.
 */
public record HoldGranted(
        String routeId, long drainMillis, int inFlightAtStart, long limitMillis, long quietWaitMillis) {}
