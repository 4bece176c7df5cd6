package dev.strangler.identity.accounts;

import java.time.Instant;

/** A user as the app sees it: the monolith's {@code {id, email, name, role, createdAt}}. */
public record UserView(long id, String email, String name, User.Role role, Instant createdAt) {

    public static UserView of(User u) {
        return new UserView(u.id(), u.email(), u.name(), u.role(), u.createdAt());
    }
}
