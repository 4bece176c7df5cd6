package dev.strangler.gateway.api;

/**
 * {@code POST /admin/routes/{id}/hold}: hold the route's new requests for at most {@code limitMillis} (default
 * 5000), once the ones in flight have finished, which must take at most {@code drainMillis} (default half the limit).
 */
public record HoldRequest(String reason, Long limitMillis, Long drainMillis) {}
