package dev.strangler.identity.accounts;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Spring Security's {@link PasswordEncoder} for the monolith's stored format,
 * {@code pbkdf2$<iterations>$<base64 salt>$<base64 PBKDF2-HMAC-SHA256, 256 bits>}, so that existing users
 * log in with their existing passwords. Spring's own {@code Pbkdf2PasswordEncoder} cannot read it: it
 * stores salt and hash as one string and takes the iteration count from its configuration, not from
 * the hash, so hashes made with the monolith's old 20,000 iterations would not verify. {@link
 * #upgradeEncoding} is Spring's hook for what the monolith calls "needs rehash": true for a hash made
 * with fewer iterations than configured, or in another format.
 */
public class MonolithPbkdf2PasswordEncoder implements PasswordEncoder {

    private static final String PREFIX = "pbkdf2";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public MonolithPbkdf2PasswordEncoder(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("passwords.pbkdf2-iterations must be positive (was " + iterations + ")");
        }
        this.iterations = iterations;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(rawPassword, salt, iterations));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        Parsed parsed = Parsed.of(encodedPassword);
        return parsed != null
                && MessageDigest.isEqual(parsed.hash(), derive(rawPassword, parsed.salt(), parsed.iterations()));
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        Parsed parsed = Parsed.of(encodedPassword);
        return parsed == null || parsed.iterations() < iterations;
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
        /** The parts of a stored hash, or null when it is not in the monolith's format. */
        static Parsed of(String stored) {
            if (stored == null) {
                return null;
            }
            String[] parts = stored.split("\\$");
            if (parts.length != 4 || !PREFIX.equals(parts[0])) {
                return null;
            }
            try {
                int iterations = Integer.parseInt(parts[1]);
                return iterations < 1
                        ? null
                        : new Parsed(
                                iterations,
                                Base64.getDecoder().decode(parts[2]),
                                Base64.getDecoder().decode(parts[3]));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private static byte[] derive(CharSequence password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toString().toCharArray(), salt, iterations, KEY_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is not available", e);
        }
    }
}
