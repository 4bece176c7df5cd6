package dev.strangler.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The side a caller's write went to ({@code service} when it went to a service), until
 * {@code expiresAtNanos}: what {@link ReadYourWrites} reads a caller's next reads by. A value; the
 * pins themselves, which change with every write, are kept in the live state.
 */
public record Pin(Target target, String service, long expiresAtNanos) {

    public boolean live(long nowNanos) {
        return expiresAtNanos - nowNanos > 0;
    }

    /**
     * The name of a caller key, as pins and replicas know it: its SHA-256, never the key itself (it may
     * be a device id or a session cookie).
     */
    public static String callerOf(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
