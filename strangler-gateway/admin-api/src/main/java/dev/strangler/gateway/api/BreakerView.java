package dev.strangler.gateway.api;

/**
 * A circuit breaker of this gateway ({@code GET /admin/breakers}): one per extracted service (named after it), and
 * the identity service's token exchange. The counts are of its sliding window, as Resilience4j keeps them.
 *
 * @param state          {@code CLOSED} (calls go through), {@code OPEN} (the service is not asked: fallback or
 *                       503), {@code HALF_OPEN} (a few trial calls), or Resilience4j's other states
 * @param failureRate    percent of the window's calls that failed; -1 until the window has its minimum of calls
 * @param bufferedCalls  calls in the window
 * @param failedCalls    failed calls in the window
 * @param notPermitted   calls refused while open, since the gateway started
 */
public record BreakerView(
        String name, String state, float failureRate, int bufferedCalls, int failedCalls, long notPermitted) {}
