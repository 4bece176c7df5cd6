package dev.strangler.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each caller's latest write went, for read-your-writes ({@link ReadYourWrites}): the process's
 * pins, kept across route-file reloads. Callers are kept by the SHA-256 of their key, never the key
 * itself (it may be a device id or a session cookie), which is also how replicas name them to each
 * other.
 *
 * <p>Alone, a replica pins only its own callers. With a {@link Sharing} (the shared state of several
 * replicas), a write's pin is stored where every replica sees it before the write is forwarded, so a
 * caller whose next read lands on another replica (its own one died, the load balancer moved it) is
 * still pinned there.
 */
public final class Pins {

    /** How long a write still in flight pins its caller at most: a replica that dies mid-write never ends it. */
    public static final Duration IN_FLIGHT_BOUND = Duration.ofSeconds(60);

    /** More pinned callers than this and the expired ones are swept; a sweep that frees nothing unpins everyone. */
    static final int MAX_PINS = 100_000;

    /** The side a caller's write went to ({@code service} when it went to a service), until {@code expiresAtNanos}. */
    public record Pin(Target target, String service, long expiresAtNanos) {

        public boolean live(long nowNanos) {
            return expiresAtNanos - nowNanos > 0;
        }
    }

    /** Stores a pin where the other replicas see it. Blocking: the request path calls it off its event loop. */
    public interface Sharing {

        /** Stores {@code caller}'s pin for {@code ttl}; returns once every replica can read it, or throws. */
        void share(String caller, Target target, String service, Duration ttl);
    }

    private final Map<String, Pin> pins = new ConcurrentHashMap<>();
    private volatile Sharing sharing;

    /** Pins are shared from now on. */
    public void shareWith(Sharing sharing) {
        this.sharing = sharing;
    }

    /** Whether pins are shared with other replicas (pinning a write then takes a database round trip). */
    public boolean shared() {
        return sharing != null;
    }

    /** The name of a caller key, as pins and replicas know it. */
    public static String callerOf(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code caller}'s live pin, or null. */
    public Pin get(String caller) {
        Pin pin = pins.get(caller);
        return pin != null && pin.live(System.nanoTime()) ? pin : null;
    }

    /** Pins {@code caller} here, to {@code target}, for {@code ttl} from now. */
    public void pin(String caller, Target target, String service, Duration ttl) {
        long now = System.nanoTime();
        if (pins.size() >= MAX_PINS) {
            pins.values().removeIf(p -> !p.live(now));
            if (pins.size() >= MAX_PINS) {
                pins.clear();
            }
        }
        pins.put(caller, new Pin(target, service, now + ttl.toNanos()));
    }

    /** Pins {@code caller} here and, when shared, on every replica (blocking until stored). */
    public void pinEverywhere(String caller, Target target, String service, Duration ttl) {
        pin(caller, target, service, ttl);
        Sharing s = sharing;
        if (s != null) {
            s.share(caller, target, service, ttl);
        }
    }

    int size() {
        return pins.size();
    }
}
