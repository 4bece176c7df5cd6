/**
 * The gateway's own meters (requests, fallbacks, shadow results, holds, reloads, pins).
 * Uses {@code live} and what lies below it.
 */
package dev.strangler.gateway.metrics;
