/**
 * The route model (the immutable {@code RouteTable}, its routes, modes, targets), the snapshot a decision reads
 * ({@code LiveState}), and the per-request decision itself: pure values and functions, no I/O.
 * Uses no other package of the gateway.
 */
package dev.strangler.gateway.routing;
