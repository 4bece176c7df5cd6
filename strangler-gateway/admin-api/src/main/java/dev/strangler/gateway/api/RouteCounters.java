package dev.strangler.gateway.api;

/** A route's requests since the gateway started: by target, fallbacks, and shadow comparisons by result. */
public record RouteCounters(
        long monolith,
        long service,
        long fallbacks,
        long shadowMatches,
        long shadowMismatches,
        long shadowDropped,
        long shadowErrors) {}
