package dev.strangler.gateway.routing;

/** A mode (and canary percent) set through the admin API, which wins over the file until the file changes that route. */
public record RouteOverride(Mode mode, int percentBasisPoints) {}
