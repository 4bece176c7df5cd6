package dev.strangler.identity.sessions;

import dev.strangler.identity.errors.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The monolith's failed-login limits, same answers: past the limit for an account or a client address
 * within a fixed window, every login for it is 429 {@code too_many_attempts} with {@code Retry-After}
 * until the window is over, a right password included. Kept in memory per process, as the monolith
 * does; with several replicas the limits are per replica (not shared yet).
 */
@Component
class LoginThrottle {

    static final int MAX_KEYS = 100_000;

    private record Window(Instant start, int failures) {}

    private final Clock clock;
    private final LoginThrottleProperties limits;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock, LoginThrottleProperties limits) {
        this.clock = clock;
        this.limits = limits;
    }

    void check(String account, String address) {
        Instant now = clock.instant();
        refuseIfOver("account:" + account, limits.perAccount(), now);
        if (address != null) {
            refuseIfOver("address:" + address, limits.perAddress(), now);
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

    void forgetOld() {
        Instant now = clock.instant();
        windows.values().removeIf(w -> !isOpen(w, now));
    }

    private boolean isOpen(Window w, Instant now) {
        return w.start().plus(limits.window()).isAfter(now);
    }

    private void refuseIfOver(String key, int limit, Instant now) {
        Window w = windows.get(key);
        if (w != null && w.failures() >= limit && isOpen(w, now)) {
            long seconds = Math.max(
                    1, Duration.between(now, w.start().plus(limits.window())).toSeconds());
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
                (k, w) -> w == null || !isOpen(w, now) ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
    }
}
