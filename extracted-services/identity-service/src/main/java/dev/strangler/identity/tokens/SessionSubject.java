package dev.strangler.identity.tokens;

import dev.strangler.identity.sessions.Caller;
import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * The user behind an exchanged session token, as the principal of the access token made for it: its name
 * is the user id, which becomes the token's {@code sub}.
 */
record SessionSubject(Caller caller) implements AuthenticatedPrincipal {

    @Override
    public String getName() {
        return Long.toString(caller.userId());
    }
}
