package dev.strangler.gateway.api;

/** The answer to {@code DELETE /admin/migrations/{feature}}: the gateway no longer shows the feature's progress. */
public record MigrationRemoved(String feature, boolean removed) {}
