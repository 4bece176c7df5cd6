/**
 * Each feature's migration progress as its driver last reported it, kept for the status page and shared by the
 * replicas. Progress, not routing: nothing here decides a request. Uses no other package of the gateway.
 */
package dev.strangler.gateway.progress;
