/**
 * Sessions: the monolith's opaque session tokens (made at login, stored as SHA-256, deleted at logout),
 * the login limits, and the {@code Caller} a bearer token resolves to. Used by the app's endpoints
 * ({@code api}) and by token exchange ({@code tokens}); uses {@code accounts} and {@code errors}.
 */
package dev.strangler.identity.sessions;
