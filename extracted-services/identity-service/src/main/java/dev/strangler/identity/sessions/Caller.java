package dev.strangler.identity.sessions;

import dev.strangler.identity.accounts.User;

/** The user a live session token belongs to. Declare it as a controller parameter to require one. */
public record Caller(long userId, String email, User.Role role) {}
