package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code PUT /admin/routes/{id}}: a route's new mode ({@code monolith}, {@code shadow}, {@code canary},
 * {@code service}), its canary percent (0..100, two decimals at most; sent only when set), and why.
 */
public record ModeChange(
        String mode,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double percent,
        String reason) {}
