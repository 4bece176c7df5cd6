package dev.strangler.monolith.users;

import dev.strangler.monolith.errors.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Limits failed logins, per account and per client address, in fixed windows: after
 * {@code per-account} failures for one email (or {@code per-address} from one address) within
 * {@code window}, every login attempt for it is answered 429 with {@code Retry-After} until the window
 * is over, a right password included (otherwise guessing goes on, only slower). A successful login
 * clears its account's count. Kept in memory: one monolith process; a restart forgets the counts.
 * At most {@value #MAX_KEYS} keys are kept; past that, windows that are over are dropped first.
 */
@Component
public class LoginThrottle {

    static final int MAX_KEYS = 100_000;

    private record Window(Instant start, int failures) {}

    private final Clock clock;
    private final int perAccount;
    private final int perAddress;
    private final Duration window;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    LoginThrottle(
            Clock clock,
            @Value("${logins.per-account:5}") int perAccount,
            @Value("${logins.per-address:50}") int perAddress,
            @Value("${logins.window:15m}") Duration window) {
        this.clock = clock;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.window = window;
    }

    /** Refuses (429) an attempt for this account from this address while either is over its limit. */
    void check(String account, String address) {
        Instant now = clock.instant();
        refuseIfOver("account:" + account, perAccount, now);
        if (address != null) {
            refuseIfOver("address:" + address, perAddress, now);
        }
    }

    void failed(String account, String address) {
        Instant now = clock.instant();
        count("account:" + account, now);
        if (address != null) {
            count("address:" + address, now);
        }
    }

    void succeeded(String account) {
        windows.remove("account:" + account);
    }

    /** Drops the windows that are over (also done when too many keys are kept). */
    void forgetOld() {
        Instant now = clock.instant();
        windows.values().removeIf(w -> !w.start().plus(window).isAfter(now));
    }

    private void refuseIfOver(String key, int limit, Instant now) {
        Window w = windows.get(key);
        if (w != null && w.failures() >= limit && w.start().plus(window).isAfter(now)) {
            long seconds =
                    Math.max(1, Duration.between(now, w.start().plus(window)).toSeconds());
            throw new ApiException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too_many_attempts",
                    "Too many login attempts",
                    "Too many failed logins; try again in " + seconds + " s",
                    seconds);
        }
    }

    private void count(String key, Instant now) {
        if (windows.size() >= MAX_KEYS) {
            forgetOld();
        }
        windows.compute(
                key,
                (k, w) -> w == null || !w.start().plus(window).isAfter(now)
                        ? new Window(now, 1)
                        : new Window(w.start(), w.failures() + 1));
    }
}
