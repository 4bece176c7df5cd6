package dev.strangler.gateway.api;

import java.time.Instant;

/**
 * One change of routing or of a hold, as the audit log keeps it ({@code GET /admin/audit}): when, who, from
 * where ({@code file}, {@code api}), which route ({@code *} for the kill switch and whole-table reloads),
 * from what to what, and why.
 */
public record AuditEntry(
        Instant time, String who, String source, String route, String from, String to, String reason) {}
