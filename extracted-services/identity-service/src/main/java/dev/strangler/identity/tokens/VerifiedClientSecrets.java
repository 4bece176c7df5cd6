package dev.strangler.identity.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The OAuth clients' secrets (the gateway's), checked by a slow hash once per secret and stored form, then
 * remembered. The gateway authenticates on every token exchange; with Spring's default encoding (BCrypt,
 * which Spring Authorization Server also upgrades a {@code {noop}} secret to on first use) each exchange
 * spent some 80 ms of CPU on the hash alone, and the exchange rate of a 2-core machine was about 23 a second.
 * Only matches are remembered (by the stored form and the SHA-256 of the presented secret, a few at most):
 * a wrong secret pays the slow hash every time, as before.
 */
final class VerifiedClientSecrets implements PasswordEncoder {

    private static final int REMEMBERED = 16;

    private final PasswordEncoder delegate;
    private final Set<String> verified = Collections.synchronizedSet(
            Collections.newSetFromMap(new LinkedHashMap<String, Boolean>(REMEMBERED, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    VerifiedClientSecrets(PasswordEncoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return delegate.matches(rawPassword, encodedPassword);
        }
        String key = encodedPassword + '\u0000' + sha256(rawPassword);
        if (verified.contains(key)) {
            return true;
        }
        boolean matches = delegate.matches(rawPassword, encodedPassword);
        if (matches) {
            verified.add(key);
        }
        return matches;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private static String sha256(CharSequence raw) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(raw.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
