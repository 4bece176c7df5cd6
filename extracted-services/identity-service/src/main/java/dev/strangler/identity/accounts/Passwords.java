package dev.strangler.identity.accounts;

import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The accounts' password encoder. Deliberately not a {@link PasswordEncoder} bean: Spring Authorization
 * Server would pick such a bean up for the OAuth clients' secrets, which are stored in Spring's own
 * {@code {id}secret} format, not the monolith's.
 */
@Component
public class Passwords {

    private final PasswordEncoder encoder;
    /** A hash of no one's password, checked when a login names no account; see {@link #matchesNoOne}. */
    private final String decoy;

    Passwords(PasswordProperties properties) {
        this.encoder = new MonolithPbkdf2PasswordEncoder(properties.pbkdf2Iterations());
        this.decoy = encoder.encode(UUID.randomUUID().toString());
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String stored) {
        return encoder.matches(password, stored);
    }

    /**
     * Spends the time of a password check and answers false: a login for an unknown email then takes as
     * long as one with a wrong password, so timing does not tell which emails have accounts. (The
     * monolith answers an unknown email at once.)
     */
    public boolean matchesNoOne(String password) {
        encoder.matches(password, decoy);
        return false;
    }

    /** Whether a stored hash was made with weaker parameters than today's (or in another format). */
    public boolean needsRehash(String stored) {
        return encoder.upgradeEncoding(stored);
    }
}
