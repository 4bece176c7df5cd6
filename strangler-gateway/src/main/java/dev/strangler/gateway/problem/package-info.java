/**
 * Errors the gateway itself answers, as RFC 9457 problem details ({@code application/problem+json}).
 * Uses no other package of the gateway.
 */
package dev.strangler.gateway.problem;
