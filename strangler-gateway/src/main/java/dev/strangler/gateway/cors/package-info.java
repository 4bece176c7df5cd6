/**
 * CORS pre-flights handed to the gateway's route, so the upstream answers them, unless CORS is configured in
 * the gateway. Uses no other package of the gateway.
 */
package dev.strangler.gateway.cors;
