/**
 * The audit log: every change of routing, hold or cutover record, appended before it takes effect.
 * Uses no other package of the gateway.
 */
package dev.strangler.gateway.audit;
