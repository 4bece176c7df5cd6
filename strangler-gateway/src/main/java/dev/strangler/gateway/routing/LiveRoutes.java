package dev.strangler.gateway.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.strangler.gateway.admin.AuditLog;
import dev.strangler.gateway.admin.OverrideStore;
import dev.strangler.gateway.table.RouteTableCompiler;
import dev.strangler.gateway.table.RouteTableException;

/**
 * The live routing state and every way it changes: a reloaded route file, an admin override, the
 * kill switch. Each change builds a new immutable {@link LiveState} and swaps it in one step, so a
 * request sees either the old state or the new one, never a mix. Every change is audited first.
 */
public final class LiveRoutes {

    /** The outcome of the last attempt to load the route file. */
    public record ReloadStatus(Instant time, boolean accepted, String source, String digest, String message) {
    }

    private static final Logger log = LoggerFactory.getLogger(LiveRoutes.class);

    private final RouteTableCompiler compiler = new RouteTableCompiler();
    private final AuditLog audit;
    private final OverrideStore overrides;
    private final Clock clock;
    private final AtomicReference<LiveState> state;
    private volatile ReloadStatus lastReload;

    public LiveRoutes(RouteTable initial, AuditLog audit, OverrideStore overrides, Clock clock) {
        this.audit = audit;
        this.overrides = overrides;
        this.clock = clock;
        OverrideStore.Saved saved = overrides.load();
        Map<String, RouteOverride> kept = new HashMap<>();
        saved.routes().forEach((id, o) -> {
            if (initial.route(id) != null) {
                kept.put(id, OverrideStore.toOverride(o));
            }
        });
        this.state = new AtomicReference<>(new LiveState(initial, 1, kept, saved.killSwitch()));
        this.lastReload = new ReloadStatus(clock.instant(), true, "startup", initial.digest(), "loaded");
        if (!kept.isEmpty() || saved.killSwitch()) {
            log.info("admin overrides restored: {} route(s), kill switch {}", kept.size(), saved.killSwitch() ? "ON" : "off");
        }
    }

    public LiveState current() {
        return state.get();
    }

    public ReloadStatus lastReload() {
        return lastReload;
    }

    /**
     * Validates the new file text whole and makes it live, or rejects it and keeps the current table.
     * Returns the status either way; a rejection is logged with every problem found.
     */
    public synchronized ReloadStatus applyFile(String source, String text) {
        LiveState old = state.get();
        RouteTable table;
        try {
            table = compiler.compile(source, text);
        } catch (RouteTableException e) {
            lastReload = new ReloadStatus(clock.instant(), false, source, old.table().digest(), e.getMessage());
            log.warn("{}; the previous table (version {}) stays live", e.getMessage(), old.version());
            return lastReload;
        }
        if (table.digest().equals(old.table().digest())) {
            return lastReload;
        }
        Map<String, RouteOverride> kept = new HashMap<>();
        for (StrangledRoute route : table.routes()) {
            StrangledRoute before = old.table().route(route.id());
            RouteOverride override = old.overrides().get(route.id());
            boolean fileChangedIt = before == null || before.mode() != route.mode()
                    || before.percentBasisPoints() != route.percentBasisPoints();
            String from = before == null ? "absent" : describe(old.modeOf(before), old.percentOf(before));
            String to = describe(route.mode(), route.percentBasisPoints());
            if (override != null && !fileChangedIt) {
                kept.put(route.id(), override);
            } else if (!from.equals(to) || override != null) {
                audit.record("file", "file", route.id(), from, to,
                        override != null ? "route file changed the route; admin override cleared" : "route file changed");
            }
        }
        for (StrangledRoute before : old.table().routes()) {
            if (table.route(before.id()) == null) {
                audit.record("file", "file", before.id(), describe(old.modeOf(before), old.percentOf(before)), "absent",
                        "route removed from the route file");
            }
        }
        LiveState next = new LiveState(table, old.version() + 1, kept, old.killSwitch());
        if (!kept.equals(old.overrides())) {
            overrides.save(kept, next.killSwitch());
        }
        state.set(next);
        lastReload = new ReloadStatus(clock.instant(), true, source, table.digest(), "loaded " + table.routes().size() + " route(s)");
        log.info("route table version {} live from {} ({} routes, digest {})", next.version(), source, table.routes().size(),
                table.digest());
        return lastReload;
    }

    /** Sets a route's mode (and percent for canary) through the admin API. */
    public synchronized LiveState setMode(String routeId, Mode mode, Integer percentBasisPoints, String who, String reason) {
        LiveState old = state.get();
        StrangledRoute route = Objects.requireNonNull(old.table().route(routeId), "unknown route");
        int percent = percentBasisPoints != null ? percentBasisPoints : old.percentOf(route);
        Map<String, RouteOverride> next = new HashMap<>(old.overrides());
        next.put(routeId, new RouteOverride(mode, percent));
        audit.record(who, "api", routeId, describe(old.modeOf(route), old.percentOf(route)), describe(mode, percent), reason);
        return swap(old, next, old.killSwitch());
    }

    /** Drops a route's admin override: the route file's mode applies again. */
    public synchronized LiveState clearOverride(String routeId, String who, String reason) {
        LiveState old = state.get();
        StrangledRoute route = Objects.requireNonNull(old.table().route(routeId), "unknown route");
        Map<String, RouteOverride> next = new HashMap<>(old.overrides());
        if (next.remove(routeId) == null) {
            return old;
        }
        audit.record(who, "api", routeId, describe(old.modeOf(route), old.percentOf(route)),
                describe(route.mode(), route.percentBasisPoints()), reason);
        return swap(old, next, old.killSwitch());
    }

    /** Everything back to the monolith at once (on), or routing as configured again (off). */
    public synchronized LiveState killSwitch(boolean on, String who, String reason) {
        LiveState old = state.get();
        if (old.killSwitch() == on) {
            return old;
        }
        audit.record(who, "api", "*", old.killSwitch() ? "kill-switch on" : "kill-switch off",
                on ? "kill-switch on" : "kill-switch off", reason);
        return swap(old, old.overrides(), on);
    }

    private LiveState swap(LiveState old, Map<String, RouteOverride> overridesNext, boolean killSwitch) {
        overrides.save(overridesNext, killSwitch);
        LiveState next = new LiveState(old.table(), old.version() + 1, overridesNext, killSwitch);
        state.set(next);
        return next;
    }

    public static String describe(Mode mode, int percentBasisPoints) {
        return mode == Mode.CANARY ? "canary " + (percentBasisPoints / 100.0) + "%" : mode.yamlName();
    }
}
