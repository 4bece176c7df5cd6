package dev.strangler.playbook.replay;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * New values for redacted secrets the replay cannot learn (what a client made up: a new user's e-mail address and
 * password, a forged token in a negative test). Each placeholder gets one value, which stands wherever the placeholder
 * does, so a user the recording registered registers anew and then logs in with the same invented password, and an
 * answer that echoes the address is compared with the invented one. The value fits the field as far as its name tells:
 * an address for an e-mail field, a password that passes the usual rules (upper and lower case, a digit, a sign, 20
 * characters) otherwise. Fresh for each replay, so a replay against a target that kept the last one's users does not
 * collide with them.
 */
final class InventedSecrets {

    private final SecureRandom random = new SecureRandom();
    private final String run = hex(4);
    private int count;

    /** A new value for a secret that goes by {@code field} (a header, JSON, form or query name; null if unknown). */
    String value(String field) {
        count++;
        String name = field == null ? "" : field.toLowerCase(Locale.ROOT);
        if (name.contains("mail")) {
            return "replay-" + run + "-" + count + "@example.com";
        }
        return "Rp" + run + count + "-" + hex(6) + "x!";
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
