package dev.strangler.gateway.live;

import dev.strangler.gateway.routing.Pin;
import dev.strangler.gateway.routing.ReadYourWrites;
import dev.strangler.gateway.routing.Target;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

    /**
     * How many callers are pinned at most. Past it, a new pin makes room by dropping expired pins (swept
     * at most once per {@link #SWEEP_EVERY}) and then the oldest write's pin: the one closest to its end.
     */
    public static final int MAX_PINS = 100_000;

    /** Expired pins are swept (a walk over all of them) at most this often, and only when room is needed. */
    static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    /** Stores a pin where the other replicas see it. Blocking: the request path calls it off its event loop. */
    public interface Sharing {

        /** Stores {@code caller}'s pin for {@code ttl}; returns once every replica can read it, or throws. */
        void share(String caller, Target target, String service, Duration ttl);
    }

    /** Looked up by every read of a caller with a key: lock-free. */
    private final Map<String, Pin> pins = new ConcurrentHashMap<>();
    /** The same pins, oldest write first (guarded by {@code this}): where room is made from. */
    private final LinkedHashMap<String, Pin> byAge = new LinkedHashMap<>();

    private final int maxPins;
    private long lastSweepNanos;
    private volatile Sharing sharing;

    public Pins() {
        this(MAX_PINS);
    }

    Pins(int maxPins) {
        this.maxPins = maxPins;
        this.lastSweepNanos = System.nanoTime() - SWEEP_EVERY.toNanos();
    }

    /** Pins are shared from now on. */
    public void shareWith(Sharing sharing) {
        this.sharing = sharing;
    }

    /** Whether pins are shared with other replicas (pinning a write then takes a database round trip). */
    public boolean shared() {
        return sharing != null;
    }

    /** {@code caller}'s live pin, or null. */
    public Pin get(String caller) {
        Pin pin = pins.get(caller);
        return pin != null && pin.live(System.nanoTime()) ? pin : null;
    }

    /** Pins {@code caller} here, to {@code target}, for {@code ttl} from now. */
    public synchronized void pin(String caller, Target target, String service, Duration ttl) {
        long now = System.nanoTime();
        Pin pin = new Pin(target, service, now + ttl.toNanos());
        byAge.remove(caller); // a caller's newest write makes it the youngest
        byAge.put(caller, pin);
        pins.put(caller, pin);
        if (byAge.size() > maxPins) {
            makeRoom(now);
        }
    }

    /** Drops expired pins (when a sweep is due), then the oldest ones, until the count is back at the bound. */
    private void makeRoom(long now) {
        if (now - lastSweepNanos >= SWEEP_EVERY.toNanos()) {
            lastSweepNanos = now;
            byAge.entrySet().removeIf(e -> {
                boolean expired = !e.getValue().live(now);
                if (expired) {
                    pins.remove(e.getKey(), e.getValue());
                }
                return expired;
            });
        }
        Iterator<Map.Entry<String, Pin>> oldest = byAge.entrySet().iterator();
        while (byAge.size() > maxPins && oldest.hasNext()) {
            Map.Entry<String, Pin> e = oldest.next();
            oldest.remove();
            pins.remove(e.getKey(), e.getValue());
        }
    }

    /** Pins {@code caller} here and, when shared, on every replica (blocking until stored). */
    public void pinEverywhere(String caller, Target target, String service, Duration ttl) {
        pin(caller, target, service, ttl);
        Sharing s = sharing;
        if (s != null) {
            s.share(caller, target, service, ttl);
        }
    }

    /** How many callers are pinned now (expired pins not yet swept included): the gauge {@code strangler.read.your.writes.pins}. */
    public int size() {
        return pins.size();
    }
}
