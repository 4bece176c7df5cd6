package dev.strangler.monolith.users;

import dev.strangler.monolith.errors.ApiException;

/** The authenticated user of a request, resolved from its bearer token. Declare it as a controller parameter. */
public record Caller(long userId, String email, User.Role role) {

    public Caller requireAdmin() {
        if (role != User.Role.ADMIN) {
            throw ApiException.forbidden("This operation needs the ADMIN role");
        }
        return this;
    }
}
