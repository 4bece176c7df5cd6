package dev.strangler.gateway.hold;

import dev.strangler.gateway.api.ActiveHold;
import dev.strangler.gateway.api.HoldGranted;
import dev.strangler.gateway.api.HoldOutcome;
import dev.strangler.gateway.api.HoldReleased;
import dev.strangler.gateway.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Admission of a route's requests, and holding them for a moment as a write cutover needs.
 *
 * <p>Every request of a route is admitted here before it is forwarded and counted until it has
 * finished ({@link #finished}). A hold admits nothing new of the route (new requests wait in the
 * gateway; nothing reaches either side) and is granted only once every request admitted before it
 * has finished: the drain. Without the drain, a write already forwarded to the old owner could
 * commit after the cutover's hand-over marker and be lost to the new owner. When the hold is
 * released the waiting requests are routed by the state live at that moment, so writes held across a
 * flip reach the new owner.
 *
 * <p>A hold never outlives its limit. What happens then depends on the cutover record
 * ({@link CutoverRecords}): for a plain hold the requests are released; while a recorded cutover says
 * its routes must be held, they are fenced instead (503, {@code Retry-After}): the driver died half
 * way and the old owner may no longer own the data.
 *
 * <p>A hold first waits for a quiet moment, for at most its quiet wait (given with the hold; by default
 * a quarter of its limit), unless its cutover record says the route must be held already: requests
 * are still admitted meanwhile, and the hold closes the gate the moment none of the route's requests
 * is in flight (or when the wait is over). Its limit counts from each closing of the gate: no request
 * waits longer. So a cutover does not make new writes wait behind a slow write
 * that happened to be in flight when it asked: the writes are held only for the cutover proper
 * (barrier and flip), and the drain usually has nothing to wait for. With several replicas, one that
 * closed at its quiet moment while another still waits for its own would hold its requests all that
 * time; so a shared hold not granted soon after a closing opens its gate again ({@link #reopen}) and
 * closes at its next quiet moment, until its quiet wait is over.
 *
 * <p>Admission and the drain meet on two atomics: a request counts itself in, then looks for a closed
 * gate; a hold closes its gate, then looks at the count. Whichever comes second sees the other.
 */
public final class RouteHolds implements HoldCoordinator {

    /** The requests admitted before the hold did not finish in time; the hold was withdrawn. */
    public static final class DrainTimedOut extends RuntimeException {
        public DrainTimedOut(String message) {
            super(message, null, false, false);
        }
    }

    /** A request of a route whose cutover is unfinished and unheld: answered 503. */
    public static final class Fenced extends RuntimeException {
        private final String routeId;

        Fenced(String routeId, String why) {
            super("route " + routeId + " " + why + "; retry shortly", null, false, false);
            this.routeId = routeId;
        }

        public String routeId() {
            return routeId;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(RouteHolds.class);

    private final class Hold {
        final String routeId;
        /** The shared hold this one follows, or null for a hold of this gateway alone. */
        String sharedId;

        final Instant since = clock.instant();
        final long registeredNanos = System.nanoTime();
        /** Whether the gate is closed (requests held from then on), and since when; open while waiting for a quiet moment. */
        volatile boolean closed;

        volatile long startNanos;
        final Duration limit;
        /**
         * What held requests wait for: completed when the hold ends, or when a shared hold reopens its
         * gate ({@link #reopen}); each closing gets a new one, set before {@code closed} turns true.
         */
        volatile Sinks.Empty<Void> gate = Sinks.empty();

        final Sinks.Empty<Void> drained = Sinks.empty();
        /** Which closing of the gate this is (a shared hold may close, reopen and close again); 0 before the first. */
        volatile int closings;
        /** Whether this closing has drained (called {@code onDrained} for it). */
        final AtomicBoolean drainedNow = new AtomicBoolean();
        /** For a shared hold: told, with the closing's number, each time a closing has drained. */
        IntConsumer onDrained;

        final AtomicInteger waiting = new AtomicInteger();
        final AtomicInteger held = new AtomicInteger();
        volatile int inFlightAtClose;
        final AtomicBoolean closing = new AtomicBoolean();
        /**
         * Set before the hold is published (a published hold is always whole), and again at each closing
         * and reopening of its gate.
         */
        volatile Disposable expiry = Disposables.disposed();

        Disposable quietWait = Disposables.disposed();
        /** Whether its timers fired, perhaps before it was published (then they did nothing, and {@code start} acts for them). */
        volatile boolean expired;

        volatile boolean quietOver;
        /** When its quiet wait ends (System.nanoTime). */
        volatile long quietEndNanos;

        String who;
        String reason;

        Hold(String routeId, Duration limit) {
            this.routeId = routeId;
            this.limit = limit;
        }
    }

    /** Who releases a hold whose limit ran out, in the audit log. */
    private static final String SYSTEM = "system";

    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** How the last shared holds ended here, by shared id: a few, for the release that comes second ({@link #releaseShared}). */
    private final Map<String, CompletableFuture<HoldReleased>> sharedReleased =
            Collections.synchronizedMap(new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<HoldReleased>> eldest) {
                    return size() > 64;
                }
            });

    private final AuditLog audit;
    private final CutoverRecords cutovers;
    private final Clock clock;
    private final Lease lease;
    /** Runs the moment a hold is published, before {@code start} returns: a seam for tests of what may happen then. */
    private final Consumer<String> published;

    public RouteHolds(AuditLog audit, CutoverRecords cutovers, Clock clock, Lease lease) {
        this(audit, cutovers, clock, lease, routeId -> {});
    }

    RouteHolds(AuditLog audit, CutoverRecords cutovers, Clock clock, Lease lease, Consumer<String> published) {
        this.audit = audit;
        this.cutovers = cutovers;
        this.clock = clock;
        this.lease = lease;
        this.published = published;
    }

    /**
     * Admits a request of the route: null when it may go on (then {@link #finished} must follow when
     * it ends); otherwise a signal that completes when a hold is released (decide the request again
     * then) or fails with {@link Fenced}.
     */
    public Mono<Void> admit(String routeId, boolean write) {
        if (write && !lease.valid()) {
            return Mono.error(
                    new Fenced(routeId, "cannot take writes on this gateway replica: it lost the shared state"));
        }
        Hold hold = closedHold(routeId);
        if (hold == null) {
            AtomicInteger count = inFlight.get(routeId);
            if (count == null) {
                count = inFlight.computeIfAbsent(routeId, k -> new AtomicInteger());
            }
            count.incrementAndGet();
            hold = closedHold(routeId);
            if (hold == null) {
                if (cutovers.mustHold(routeId)) {
                    finished(routeId);
                    return Mono.error(
                            new Fenced(routeId, "is being moved between owners (an unfinished write cutover)"));
                }
                return null;
            }
            // A hold began between the two looks: this request was not admitted after all.
            finished(routeId);
        }
        return waitFor(hold);
    }

    /** The route's hold once its gate is closed; null when not held, or while it waits for a quiet moment. */
    private Hold closedHold(String routeId) {
        Hold hold = holds.isEmpty() ? null : holds.get(routeId);
        return hold != null && hold.closed ? hold : null;
    }

    /** An admitted request of the route has finished: its answer is complete, or its upstream exchange was aborted. */
    public void finished(String routeId) {
        int left = inFlight.get(routeId).decrementAndGet();
        if (left == 0 && !holds.isEmpty()) {
            Hold hold = holds.get(routeId);
            if (hold != null) {
                if (!hold.closed) {
                    close(hold, "a quiet moment"); // nothing in flight now: close the gate
                } else {
                    drained(hold);
                }
            }
        }
    }

    private Mono<Void> waitFor(Hold hold) {
        hold.held.incrementAndGet();
        hold.waiting.incrementAndGet();
        // The gate of a closing that is (or was) closed: a reopening or the release completes it, and the request is
        // decided again.
        return hold.gate.asMono().doFinally(s -> hold.waiting.decrementAndGet());
    }

    /** The current closing of the hold has nothing in flight any more: tell whoever waits for that, once per closing. */
    private static void drained(Hold hold) {
        if (hold.drainedNow.compareAndSet(false, true)) {
            hold.drained.tryEmitEmpty();
            if (hold.onDrained != null) {
                hold.onDrained.accept(hold.closings);
            }
        }
    }

    /**
     * Starts holding the route's requests and completes once the requests admitted before have
     * finished (within {@code drainLimit}; otherwise the hold is withdrawn and the signal fails with
     * {@link DrainTimedOut}). Empty when the route is held already.
     */
    @Override
    public Mono<HoldGranted> hold(
            String routeId, Duration limit, Duration drainLimit, Duration quiet, String who, String reason) {
        Hold hold = start(routeId, null, limit, quiet, who, reason);
        if (hold == null) {
            return Mono.empty();
        }
        return hold.drained
                .asMono()
                .timeout(quiet.plus(drainLimit))
                .then(Mono.fromSupplier(() -> new HoldGranted(
                        routeId,
                        Duration.ofNanos(System.nanoTime() - hold.registeredNanos)
                                .toMillis(),
                        hold.inFlightAtClose,
                        limit.toMillis(),
                        quietWaitMillis(hold),
                        closedMillis(hold))))
                .onErrorMap(TimeoutException.class, e -> {
                    int left = inFlight(routeId);
                    release(
                            routeId,
                            who,
                            "drain did not finish within "
                                    + quiet.plus(drainLimit).toMillis() + " ms: hold withdrawn",
                            hold);
                    return new DrainTimedOut("route " + routeId + ": " + left
                            + " request(s) admitted before the hold were still in flight after "
                            + quiet.plus(drainLimit).toMillis()
                            + " ms; the hold was withdrawn");
                });
    }

    /**
     * Follows a hold of the shared state on this replica: holds the route here (for what is left of its
     * limit) and calls {@code drained} once the requests admitted here before have finished. False when
     * it is held here already.
     */
    public boolean holdShared(
            String routeId,
            String sharedId,
            Duration remaining,
            Duration quiet,
            String who,
            String reason,
            IntConsumer drained) {
        Hold hold = start(routeId, sharedId, remaining, quiet, who, reason, drained);
        return hold != null;
    }

    /** Whether {@link #reopen} may open the gate of that closing of that shared hold (it may change before it is asked). */
    public boolean mayReopen(String routeId, String sharedId, int closing) {
        Hold hold = holds.get(routeId);
        return hold != null
                && sharedId.equals(hold.sharedId)
                && hold.closings == closing
                && hold.closed
                && !hold.quietOver
                && !hold.expired
                && !cutovers.mustHold(routeId);
    }

    /** What {@link #reopen} did. */
    public enum Reopened {
        /** The gate is open again: the requests it held go on, new ones are admitted until the next quiet moment. */
        REOPENED,
        /** The gate stays closed: its quiet wait is over, or its cutover record says the route must be held. */
        STAYS_CLOSED,
        /** The hold (that closing of it) is over already. */
        GONE
    }

    /**
     * Opens the gate of a shared hold again that closed at a quiet moment here but was not granted in
     * time because another replica still waits for its own: requests here need not wait for that. The
     * hold closes again at the next quiet moment here ({@code quietAgainAfter} at the latest when nothing
     * comes in), and for good once its quiet wait is over. Only for the closing {@code closing}, and
     * only once this replica's acknowledgement of it has been withdrawn (so the hold cannot be granted
     * while the gate is open).
     */
    public Reopened reopen(String routeId, String sharedId, int closing, Duration quietAgainAfter) {
        Hold hold = holds.get(routeId);
        if (hold == null || !sharedId.equals(hold.sharedId)) {
            return Reopened.GONE;
        }
        synchronized (hold) {
            if (hold.closings != closing || !hold.closed || holds.get(routeId) != hold) {
                return Reopened.GONE;
            }
            if (hold.quietOver || hold.expired || cutovers.mustHold(routeId)) {
                return Reopened.STAYS_CLOSED;
            }
            long closedFor =
                    Duration.ofNanos(System.nanoTime() - hold.startNanos).toMillis();
            hold.drainedNow.set(false);
            hold.closed = false;
            hold.closing.set(false);
            // Open again until its next quiet moment, which comes at the end of its quiet wait at the latest.
            expireAfter(
                    hold,
                    Duration.ofNanos(Math.max(0, hold.quietEndNanos - System.nanoTime()))
                            .plus(hold.limit));
            Sinks.Empty<Void> gate = hold.gate;
            gate.tryEmitEmpty();
            audit.record(
                    hold.who,
                    "api",
                    routeId,
                    "held",
                    "reopened after " + closedFor + " ms: not granted yet (another replica waits for a "
                            + "quiet moment)",
                    hold.reason);
        }
        Mono.delay(quietAgainAfter).subscribe(x -> {
            if (holds.get(routeId) == hold && !hold.closed && inFlight(routeId) == 0) {
                close(hold, "a quiet moment, again");
            }
        });
        return Reopened.REOPENED;
    }

    /**
     * Ends this replica's part of a shared hold (released or withdrawn elsewhere). When it has ended here
     * already (this replica's follower saw the release in the shared state first), how it ended then;
     * null when it was never held here.
     */
    public HoldReleased releaseShared(String routeId, String sharedId, String who, String reason) {
        Hold hold = holds.get(routeId);
        if (hold != null && sharedId.equals(hold.sharedId)) {
            HoldReleased now = release(routeId, who, reason, hold);
            if (now != null) {
                return now;
            }
        }
        CompletableFuture<HoldReleased> ended = sharedReleased.get(sharedId);
        try {
            // Another thread ends it at this moment (it has removed it, and audits it): a few milliseconds.
            return ended == null ? null : ended.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The shared holds this replica follows and began following before {@code nanos} (System.nanoTime), by route. */
    public Map<String, String> sharedHoldsRegisteredBefore(long nanos) {
        return sharedHolds(h -> h.registeredNanos - nanos < 0);
    }

    /** The shared holds this replica follows, by route. */
    public Map<String, String> sharedHolds() {
        return sharedHolds(h -> true);
    }

    private Map<String, String> sharedHolds(Predicate<Hold> which) {
        Map<String, String> out = new HashMap<>();
        holds.values().forEach(h -> {
            if (h.sharedId != null && which.test(h)) {
                out.put(h.routeId, h.sharedId);
            }
        });
        return out;
    }

    /**
     * How long a hold waits for a quiet moment before it closes its gate anyway: a quarter of its limit,
     * and at most half the time its drain may take (the other half is for the drain).
     */
    public static Duration quietBudget(Duration limit, Duration drainLimit) {
        Duration quarter = limit.dividedBy(4);
        Duration half = drainLimit.dividedBy(2);
        return quarter.compareTo(half) < 0 ? quarter : half;
    }

    /**
     * Builds the hold whole (its timers included) and only then publishes it: from the moment other
     * threads can see it, a request may find its gate closed and a release may end it. A timer of a
     * hold not (yet) published does nothing; once published, the hold acts on the timers that fired meanwhile.
     */
    private Hold start(String routeId, String sharedId, Duration limit, Duration quiet, String who, String reason) {
        return start(routeId, sharedId, limit, quiet, who, reason, null);
    }

    private Hold start(
            String routeId,
            String sharedId,
            Duration limit,
            Duration quiet,
            String who,
            String reason,
            IntConsumer onDrained) {
        Hold hold = new Hold(routeId, limit);
        hold.sharedId = sharedId;
        hold.onDrained = onDrained;
        hold.who = who;
        hold.reason = reason;
        hold.quietEndNanos = hold.registeredNanos + quiet.toNanos();
        // Until its gate closes, it may wait for its quiet moment; each closing then gives it its limit again.
        expireAfter(hold, quiet.plus(limit));
        if (!quiet.isZero()) {
            hold.quietWait = Mono.delay(quiet).subscribe(x -> {
                hold.quietOver = true;
                close(hold, "no quiet moment within " + quiet.toMillis() + " ms");
            });
        }
        inFlight.computeIfAbsent(routeId, k -> new AtomicInteger());
        if (holds.putIfAbsent(routeId, hold) != null) {
            hold.expiry.dispose();
            hold.quietWait.dispose();
            return null;
        }
        published.accept(routeId);
        if (hold.expired) {
            release(routeId, SYSTEM, expiredBecause(hold), hold);
        } else if (quiet.isZero() || inFlight(routeId) == 0 || cutovers.mustHold(routeId)) {
            // A route its cutover record says must be held (a resumed cutover past its first change of
            // ownership) is fenced until now: its gate closes at once, no write may pass while waiting.
            close(hold, "at once");
        } else if (hold.quietOver) {
            close(hold, "no quiet moment within " + quiet.toMillis() + " ms");
        }
        return hold;
    }

    /**
     * (Re)arms the hold's expiry: it is released (or fenced, by its cutover record) {@code after} from now,
     * unless released before. A timer replaced meanwhile fires for nothing.
     */
    private void expireAfter(Hold hold, Duration after) {
        Disposable previous = hold.expiry;
        hold.expiry = Mono.delay(after).subscribe(x -> {
            hold.expired = true;
            release(hold.routeId, SYSTEM, expiredBecause(hold), hold);
        });
        previous.dispose();
    }

    private static String expiredBecause(Hold hold) {
        return "hold expired after " + hold.limit.toMillis() + " ms";
    }

    /** How long the route's current hold waited for its quiet moment (0: not held, or still waiting). */
    public long quietWaitMillis(String routeId) {
        Hold hold = holds.get(routeId);
        return hold == null ? 0 : quietWaitMillis(hold);
    }

    /** How long the gate of the route's current hold has been closed (0: not held, or still waiting). */
    public long closedMillis(String routeId) {
        Hold hold = holds.get(routeId);
        return hold == null ? 0 : closedMillis(hold);
    }

    private static long closedMillis(Hold hold) {
        return hold.closed
                ? Duration.ofNanos(System.nanoTime() - hold.startNanos).toMillis()
                : 0;
    }

    private static long quietWaitMillis(Hold hold) {
        return hold.closed
                ? Duration.ofNanos(hold.startNanos - hold.registeredNanos).toMillis()
                : 0;
    }

    /** Closes the hold's gate (once): new requests wait from now on; the drain waits for those in flight. */
    private void close(Hold hold, String when) {
        // Published first: a hold not yet published must stay closable once it is.
        if (holds.get(hold.routeId) != hold) {
            return;
        }
        int atClose;
        synchronized (hold) {
            if (!hold.closing.compareAndSet(false, true)) {
                return;
            }
            if (hold.quietOver || hold.onDrained == null) {
                hold.quietWait.dispose();
            }
            hold.startNanos = System.nanoTime();
            hold.gate = Sinks.empty();
            hold.closings++;
            hold.closed = true;
            expireAfter(hold, hold.limit); // what it holds from now waits at most its limit
            atClose = inFlight(hold.routeId);
            hold.inFlightAtClose = atClose;
        }
        if (atClose == 0) {
            drained(hold);
        }
        long waited = Duration.ofNanos(hold.startNanos - hold.registeredNanos).toMillis();
        audit.record(
                hold.who,
                "api",
                hold.routeId,
                "not held",
                "held (limit " + hold.limit.toMillis() + " ms) after " + waited + " ms waiting for " + when
                        + ", draining " + atClose + " request(s)" + (hold.sharedId == null ? "" : " on this replica"),
                hold.reason);
    }

    @Override
    public HoldReleased release(String routeId, String who, String reason) {
        Hold hold = holds.get(routeId);
        return hold == null ? null : release(routeId, who, reason, hold);
    }

    private HoldReleased release(String routeId, String who, String reason, Hold hold) {
        if (!holds.remove(routeId, hold)) {
            return null;
        }
        CompletableFuture<HoldReleased> ending = new CompletableFuture<>();
        if (hold.sharedId != null) {
            sharedReleased.put(hold.sharedId, ending);
        }
        hold.expiry.dispose();
        hold.quietWait.dispose();
        // Measured up to the gate opening: the held requests go on from the emission, on this thread.
        long millis = hold.closed
                ? Duration.ofNanos(System.nanoTime() - hold.startNanos).toMillis()
                : 0;
        hold.gate.tryEmitEmpty();
        boolean fenced = cutovers.mustHold(routeId);
        audit.record(
                who,
                "api",
                routeId,
                "held",
                "released after " + millis + " ms, " + hold.held.get() + " request(s) held"
                        + (fenced ? "; fenced (503) until its cutover is finished or undone" : ""),
                reason);
        if (who.equals(SYSTEM)) {
            log.warn(
                    "route {}: {}; {} held request(s) {}",
                    routeId,
                    reason,
                    hold.held.get(),
                    fenced ? "answered 503: its write cutover is unfinished" : "released");
        }
        HoldReleased released = new HoldReleased(
                routeId,
                hold.since,
                millis,
                hold.held.get(),
                who.equals(SYSTEM) ? HoldOutcome.EXPIRED : HoldOutcome.RELEASED);
        ending.complete(released);
        return released;
    }

    /** Requests of the route admitted and not yet finished. */
    public int inFlight(String routeId) {
        AtomicInteger count = inFlight.get(routeId);
        return count == null ? 0 : count.get();
    }

    public List<ActiveHold> active() {
        List<ActiveHold> out = new ArrayList<>();
        holds.values()
                .forEach(h -> out.add(new ActiveHold(
                        h.routeId, h.since, h.since.plus(h.limit), h.waiting.get(), inFlight(h.routeId))));
        return out;
    }
}
