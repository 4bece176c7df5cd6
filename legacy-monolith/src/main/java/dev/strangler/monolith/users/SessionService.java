package dev.strangler.monolith.users;

import dev.strangler.monolith.errors.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Log in, log out, and resolve a bearer token to its caller. */
@Service
public class SessionService {

    /** What login hands to the app. */
    public record Login(String token, Instant expiresAt, User user) {}

    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration ttl;
    private final LoginThrottle throttle;
    private final SecureRandom random = new SecureRandom();

    SessionService(
            UserRepository users,
            SessionRepository sessions,
            PasswordHasher hasher,
            Clock clock,
            @Value("${sessions.ttl:30d}") Duration ttl,
            LoginThrottle throttle) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.clock = clock;
        this.ttl = ttl;
        this.throttle = throttle;
    }

    /**
     * Checks the password, throttled per account and per client {@code address} ({@link LoginThrottle});
     * a hash made with weaker parameters than today's is replaced by a new one of the same password.
     */
    @Transactional
    public Login login(String email, String password, String address) {
        String account = email.trim().toLowerCase(Locale.ROOT);
        throttle.check(account, address);
        User user = users.findByEmailIgnoreCase(account)
                .filter(u -> hasher.matches(password, u.getPasswordHash()))
                .orElse(null);
        if (user == null) {
            throttle.failed(account, address);
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED, "bad_credentials", "Bad credentials", "Email or password is wrong");
        }
        throttle.succeeded(account);
        if (hasher.needsRehash(user.getPasswordHash())) {
            user.rehashed(hasher.hash(password));
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        Session session = new Session(sha256(token), user, now, now.plus(ttl));
        sessions.save(session);
        return new Login(token, session.expiresAt(), user);
    }

    /** Sessions past their expiry are deleted every 10 minutes (they no longer resolve, but they stayed). */
    @org.springframework.scheduling.annotation.Scheduled(
            fixedDelayString = "${sessions.purge-every:10m}",
            initialDelayString = "1m")
    @Transactional
    public void purgeExpired() {
        sessions.deleteExpired(clock.instant());
        throttle.forgetOld();
    }

    @Transactional
    public void logout(String token) {
        sessions.deleteById(sha256(token));
    }

    @Transactional(readOnly = true)
    public Optional<Caller> resolve(String token) {
        return sessions.findById(sha256(token))
                .filter(s -> s.expiresAt().isAfter(clock.instant()))
                .map(s -> new Caller(
                        s.user().getId(), s.user().getEmail(), s.user().getRole()));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
