package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code POST /admin/routes/{id}/hold}: hold the route's new requests. For at most {@code quietMillis} (default
 * a quarter of the limit, at most half the drain) the gate stays open and closes at the first moment with none of
 * the route's requests in flight, or when that wait is over; from each closing, requests wait at most {@code
 * limitMillis} (default 5000). The requests in flight at the closing must finish within the quiet wait plus {@code
 * drainMillis} (default half the limit) from the request, or the hold is withdrawn. With {@code recordOnGrant}, the
 * gateway records that cutover step once the hold is granted, before it answers ({@link HoldGranted#recorded}).
 */
public record HoldRequest(
        String reason,
        Long limitMillis,
        Long drainMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long quietMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) StepOnGrant recordOnGrant) {

    public HoldRequest(String reason, Long limitMillis, Long drainMillis) {
        this(reason, limitMillis, drainMillis, null, null);
    }

    public HoldRequest(String reason, Long limitMillis, Long drainMillis, Long quietMillis) {
        this(reason, limitMillis, drainMillis, quietMillis, null);
    }
}
