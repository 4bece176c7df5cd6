package dev.strangler.identity.accounts;

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

    Passwords(PasswordProperties properties) {
        this.encoder = new MonolithPbkdf2PasswordEncoder(properties.pbkdf2Iterations());
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String stored) {
        return encoder.matches(password, stored);
    }

    /** Whether a stored hash was made with weaker parameters than today's (or in another format). */
    public boolean needsRehash(String stored) {
        return encoder.upgradeEncoding(stored);
    }
}
