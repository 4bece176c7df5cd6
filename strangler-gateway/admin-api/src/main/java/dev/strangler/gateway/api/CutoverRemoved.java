package dev.strangler.gateway.api;

/** The answer to {@code DELETE /admin/cutovers/{name}}: the cutover is no longer under way. */
public record CutoverRemoved(String name, boolean removed) {}
