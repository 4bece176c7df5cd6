package dev.strangler.identity.sessions;

import dev.strangler.identity.accounts.Passwords;
import dev.strangler.identity.accounts.User;
import dev.strangler.identity.accounts.UserRepository;
import dev.strangler.identity.errors.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Log in, log out, and resolve an opaque session token to its caller: for the app and for token exchange. */
@Service
public class SessionService {

    /** What login hands to the app. */
    public record Login(String token, Instant expiresAt, User user) {}

    private final UserRepository users;
    private final SessionRepository sessions;
    private final Passwords passwords;
    private final Clock clock;
    private final SessionProperties properties;
    private final LoginThrottle throttle;

    SessionService(
            UserRepository users,
            SessionRepository sessions,
            Passwords passwords,
            Clock clock,
            SessionProperties properties,
            LoginThrottle throttle) {
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.clock = clock;
        this.properties = properties;
        this.throttle = throttle;
    }

    /**
     * Checks the password, throttled per account and per client {@code address}; a hash made with weaker
     * parameters than today's is replaced by a new one of the same password, as the monolith does. A
     * wrong password and an unknown email get the same answer.
     */
    @Transactional
    public Login login(String email, String password, String address) {
        String account = email.trim().toLowerCase(Locale.ROOT);
        throttle.check(account, address);
        Optional<User> found = users.findByEmailIgnoreCase(account);
        boolean matches = found.isPresent()
                ? passwords.matches(password, found.get().passwordHash())
                : passwords.matchesNoOne(password);
        if (!matches) {
            throttle.failed(account, address);
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED, "bad_credentials", "Bad credentials", "Email or password is wrong");
        }
        User user = found.get();
        throttle.succeeded(account);
        if (passwords.needsRehash(user.passwordHash())) {
            user.rehashed(passwords.hash(password));
        }
        String token = SessionToken.newToken();
        Instant now = clock.instant();
        Session session = new Session(SessionToken.hash(token), user, now, now.plus(properties.ttl()));
        sessions.save(session);
        return new Login(token, session.expiresAt(), user);
    }

    /** The session is deleted, as the monolith deletes it: it stops resolving at once, here and in token exchange. */
    @Transactional
    public void logout(String token) {
        sessions.deleteById(SessionToken.hash(token));
    }

    /** The caller of a live session: unknown, expired and logged-out tokens are all just absent. */
    @Transactional(readOnly = true)
    public Optional<Caller> resolve(String token) {
        Instant now = clock.instant();
        return sessions.findById(SessionToken.hash(token))
                .filter(s -> s.isLiveAt(now))
                .map(s -> new Caller(s.user().id(), s.user().email(), s.user().role()));
    }

    /** Sessions past their expiry are deleted, as the monolith deletes them. */
    @Scheduled(fixedDelayString = "${sessions.purge-every:10m}", initialDelayString = "1m")
    @Transactional
    public void purgeExpired() {
        sessions.deleteExpired(clock.instant());
        throttle.forgetOld();
    }
}
