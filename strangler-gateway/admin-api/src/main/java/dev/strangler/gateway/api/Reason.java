package dev.strangler.gateway.api;

/** {@code POST /admin/kill-switch}: why (it goes into the audit log). */
public record Reason(String reason) {}
