/**
 * The Spring Cloud Gateway filters that route each request: decide on one snapshot, admit or hold, pin, shadow,
 * point at the chosen side with timeout, breaker and fallback; and strip clients' {@code X-Strangler-*} headers.
 * A way in: uses the packages below it, and neither {@code admin} nor {@code replicas}.
 */
package dev.strangler.gateway.filter;
