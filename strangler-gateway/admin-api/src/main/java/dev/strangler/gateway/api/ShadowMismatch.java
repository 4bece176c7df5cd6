package dev.strangler.gateway.api;

import java.time.Instant;
import java.util.List;

/** One shadow mismatch ({@code GET /admin/routes/{id}/mismatches}): the request, the differences, both answers. */
public record ShadowMismatch(
        Instant time,
        String method,
        String path,
        List<String> differences,
        int monolithStatus,
        String monolithBody,
        int serviceStatus,
        String serviceBody) {}
