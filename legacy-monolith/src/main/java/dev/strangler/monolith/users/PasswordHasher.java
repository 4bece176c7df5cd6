package dev.strangler.monolith.users;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * PBKDF2-HMAC-SHA256 password hashes, stored as {@code pbkdf2$iterations$salt$hash}: 600,000
 * iterations by default, OWASP's current guidance for PBKDF2-HMAC-SHA256. A hash made with fewer
 * (this app used 20,000 before) still verifies, and {@link #needsRehash} says so, so that the next
 * successful login stores a new one.
 */
@Component
public class PasswordHasher {

    static final int DEFAULT_ITERATIONS = 600_000;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher(@Value("${passwords.pbkdf2-iterations:600000}") int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("passwords.pbkdf2-iterations must be positive (was " + iterations + ")");
        }
        this.iterations = iterations;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return "pbkdf2$" + iterations + "$" + b64(salt) + "$" + b64(derive(password, salt, iterations));
    }

    /** Whether a stored hash was made with fewer iterations than this hasher uses (or in another format). */
    public boolean needsRehash(String stored) {
        String[] parts = stored.split("\\$");
        try {
            return parts.length != 4 || !"pbkdf2".equals(parts[0]) || Integer.parseInt(parts[1]) < iterations;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    public boolean matches(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !"pbkdf2".equals(parts[0])) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is not available", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
