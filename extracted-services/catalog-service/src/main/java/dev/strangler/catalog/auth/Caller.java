package dev.strangler.catalog.auth;

import dev.strangler.catalog.errors.ApiException;

/**
 * The authenticated user of a request, as the monolith's {@code GET /api/users/me} describes the
 * owner of its bearer token, or as the identity service's JWT names it ({@code sub}, {@code email},
 * {@code roles}). Declare it as a controller parameter to require a logged-in user.
 */
public record Caller(long userId, String email, String role) {

    static final String ADMIN = "ADMIN";

    public Caller requireAdmin() {
        if (!ADMIN.equals(role)) {
            throw ApiException.forbidden("This operation needs the ADMIN role");
        }
        return this;
    }
}
