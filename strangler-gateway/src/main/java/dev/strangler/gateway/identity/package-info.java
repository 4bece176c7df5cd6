/**
 * Identity propagation: the app's session token, exchanged at the identity service (RFC 8693) for a short-lived
 * JWT, cached, and sent to the services that declare {@code credential: jwt} in place of the token. Uses
 * {@code routing}, {@code metrics} and {@code problem}; used by {@code shadow}, {@code filter} and {@code config}.
 */
package dev.strangler.gateway.identity;
