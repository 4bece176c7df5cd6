package dev.strangler.gateway.hold;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.strangler.gateway.admin.AuditLog;

/**
 * Holds the requests of a route for a moment, as a write cutover needs: while a route is held, its
 * requests wait in the gateway (nothing reaches either side); when it is released they are routed by
 * the state live at that moment, so writes held during a flip reach the new owner. A hold never
 * outlives its limit: it releases itself then, so a cutover tool that dies cannot block writes.
 */
public final class RouteHolds {

    /** What a released hold did. */
    public record Released(String routeId, Instant since, long heldMillis, int requestsHeld, String how) {
    }

    /** An active hold, as the admin API shows it. */
    public record Active(String routeId, Instant since, Instant expiresAt, int waiting) {
    }

    private static final Logger log = LoggerFactory.getLogger(RouteHolds.class);

    private final class Hold {
        final String routeId;
        final Instant since = Instant.now();
        final long startNanos = System.nanoTime();
        final Duration limit;
        final Sinks.Empty<Void> gate = Sinks.empty();
        final AtomicInteger waiting = new AtomicInteger();
        final AtomicInteger held = new AtomicInteger();
        Disposable expiry;

        Hold(String routeId, Duration limit) {
            this.routeId = routeId;
            this.limit = limit;
        }
    }

    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final AuditLog audit;

    public RouteHolds(AuditLog audit) {
        this.audit = audit;
    }

    /** Starts holding the route's requests; false when it is held already. */
    public boolean hold(String routeId, Duration limit, String who, String reason) {
        Hold hold = new Hold(routeId, limit);
        if (holds.putIfAbsent(routeId, hold) != null) {
            return false;
        }
        hold.expiry = Mono.delay(limit).subscribe(x -> release(routeId, "system", "hold expired after " + limit.toMillis() + " ms", hold));
        audit.record(who, "api", routeId, "not held", "held (limit " + limit.toMillis() + " ms)", reason);
        return true;
    }

    /** Releases the route's held requests; null when it was not held. */
    public Released release(String routeId, String who, String reason) {
        Hold hold = holds.get(routeId);
        return hold == null ? null : release(routeId, who, reason, hold);
    }

    private Released release(String routeId, String who, String reason, Hold hold) {
        if (!holds.remove(routeId, hold)) {
            return null;
        }
        hold.expiry.dispose();
        hold.gate.tryEmitEmpty();
        long millis = Duration.ofNanos(System.nanoTime() - hold.startNanos).toMillis();
        audit.record(who, "api", routeId, "held", "released after " + millis + " ms, " + hold.held.get() + " request(s) held", reason);
        if (who.equals("system")) {
            log.warn("route {}: {}; {} held request(s) released", routeId, reason, hold.held.get());
        }
        return new Released(routeId, hold.since, millis, hold.held.get(), who.equals("system") ? "expired" : "released");
    }

    /**
     * Null when the route is not held (the common case, answered without allocating); otherwise a
     * signal that completes when the hold is released or expires. The caller decides the route again then.
     */
    public Mono<Void> awaitRelease(String routeId) {
        if (holds.isEmpty()) {
            return null;
        }
        Hold hold = holds.get(routeId);
        if (hold == null) {
            return null;
        }
        hold.held.incrementAndGet();
        hold.waiting.incrementAndGet();
        return hold.gate.asMono().doFinally(s -> hold.waiting.decrementAndGet());
    }

    public List<Active> active() {
        List<Active> out = new ArrayList<>();
        holds.values().forEach(h -> out.add(new Active(h.routeId, h.since, h.since.plus(h.limit), h.waiting.get())));
        return out;
    }
}
