package dev.strangler.identity.sessions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The monolith's opaque session token: 32 random bytes, base64url without padding (43 characters), sent
 * by the app as {@code Authorization: Bearer}. Only its SHA-256, in lower-case hex, is stored.
 */
final class SessionToken {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionToken() {}

    static String newToken() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
