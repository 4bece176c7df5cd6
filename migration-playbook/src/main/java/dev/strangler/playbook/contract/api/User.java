package dev.strangler.playbook.contract.api;

import dev.strangler.playbook.contract.check.Fields;
import java.time.Instant;
import java.util.Set;

/** A user: {@code {id, email, name, role: "CUSTOMER" | "ADMIN", createdAt}}. */
public record User(long id, String email, String name, String role, Instant createdAt) {

    private static final Set<String> ROLES = Set.of("CUSTOMER", "ADMIN");

    /** Reads and type-checks a user object. */
    public static User from(Fields json) {
        User user = new User(
                json.integer("id"),
                json.text("email"),
                json.string("name"),
                json.string("role"),
                json.timestamp("createdAt"));
        json.require(ROLES.contains(user.role), "role CUSTOMER or ADMIN", "'" + user.role + "'");
        return user;
    }
}
