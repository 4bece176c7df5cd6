/**
 * Admission of each route's requests, holds and drains for write cutovers, the cutover records that fence a
 * cutover that died half way, and this replica's lease. Uses only {@code audit}.
 */
package dev.strangler.gateway.hold;
