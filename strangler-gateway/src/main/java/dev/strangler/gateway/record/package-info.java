/**
 * Recording: sampled request/response pairs of the traffic the gateway proxies, in any mode, redacted before
 * anything is kept, bounded in memory, for the admin API to hand out (a contract from real traffic). Uses {@code
 * routing}, {@code client} and the shadow's capturing of bodies; the filter attaches it, the admin API drives it.
 */
package dev.strangler.gateway.record;
