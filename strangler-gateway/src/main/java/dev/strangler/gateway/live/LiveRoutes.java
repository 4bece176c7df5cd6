package dev.strangler.gateway.live;

import dev.strangler.gateway.api.ReloadStatus;
import dev.strangler.gateway.audit.AuditLog;
import dev.strangler.gateway.routing.LiveState;
import dev.strangler.gateway.routing.Mode;
import dev.strangler.gateway.routing.RouteOverride;
import dev.strangler.gateway.routing.RouteTable;
import dev.strangler.gateway.routing.StrangledRoute;
import dev.strangler.gateway.table.RouteTableCompiler;
import dev.strangler.gateway.table.RouteTableException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live routing state and every way it changes: a reloaded route file, an admin override, the
 * kill switch. Each change builds a new immutable {@link LiveState} and swaps it in one step, so a
 * request sees either the old state or the new one, never a mix. Every change is audited first.
 */
public final class LiveRoutes {

    private static final Logger log = LoggerFactory.getLogger(LiveRoutes.class);

    private final RouteTableCompiler compiler = new RouteTableCompiler();
    private final AuditLog audit;
    private final StoredOverrides overrides;
    private final Clock clock;
    private final AtomicReference<LiveState> state;
    private volatile ReloadStatus lastReload;

    public LiveRoutes(RouteTable initial, AuditLog audit, StoredOverrides overrides, Clock clock) {
        this.audit = audit;
        this.overrides = overrides;
        this.clock = clock;
        OverrideStore.Saved saved = overrides.load();
        Map<String, RouteOverride> kept = known(initial, saved);
        this.state = new AtomicReference<>(new LiveState(initial, 1, kept, saved.killSwitch()));
        this.lastReload = new ReloadStatus(clock.instant(), true, "startup", initial.digest(), "loaded");
        if (!kept.isEmpty() || saved.killSwitch()) {
            log.info(
                    "admin overrides restored: {} route(s), kill switch {}",
                    kept.size(),
                    saved.killSwitch() ? "ON" : "off");
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
            lastReload =
                    new ReloadStatus(clock.instant(), false, source, old.table().digest(), e.getMessage());
            log.warn("{}; the previous table (version {}) stays live", e.getMessage(), old.version());
            return lastReload;
        } catch (RuntimeException | Error e) {
            // A file the compiler chokes on is rejected like a bad one, so that /admin/reload and the gauge say so.
            lastReload = new ReloadStatus(
                    clock.instant(),
                    false,
                    source,
                    old.table().digest(),
                    "route file " + source + " could not be read: " + e);
            log.error(
                    "route file {} could not be read; the previous table (version {}) stays live",
                    source,
                    old.version(),
                    e);
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw e; // out of memory: the process may be unwell beyond this file, let it be seen
            }
            return lastReload;
        }
        if (table.digest().equals(old.table().digest())) {
            // The live table already: after a rejected edit, the file is good again, and the status says so.
            if (!lastReload.accepted()) {
                lastReload = new ReloadStatus(
                        clock.instant(),
                        true,
                        source,
                        table.digest(),
                        "unchanged: the file is the live table (version " + old.version() + ") again");
                log.info("route file {} is the live table (version {}) again", source, old.version());
            }
            return lastReload;
        }
        Set<String> cleared = new HashSet<>();
        for (StrangledRoute route : table.routes()) {
            StrangledRoute before = old.table().route(route.id());
            RouteOverride override = old.overrides().get(route.id());
            boolean fileChangedIt = before == null
                    || before.mode() != route.mode()
                    || before.percentBasisPoints() != route.percentBasisPoints();
            String from = before == null ? "absent" : describe(old.modeOf(before), old.percentOf(before));
            String to = describe(route.mode(), route.percentBasisPoints());
            boolean serviceGone = override != null && !honours(route, override);
            if (override != null && (fileChangedIt || serviceGone)) {
                cleared.add(route.id());
            }
            if (serviceGone && !fileChangedIt) {
                audit.record(
                        "file",
                        "file",
                        route.id(),
                        from,
                        to,
                        "route file names no service for the route any more; admin override dropped");
            } else if ((override == null || fileChangedIt) && (!from.equals(to) || override != null)) {
                audit.record(
                        "file",
                        "file",
                        route.id(),
                        from,
                        to,
                        override != null
                                ? "route file changed the route; admin override cleared"
                                : "route file changed");
            }
        }
        for (StrangledRoute before : old.table().routes()) {
            if (table.route(before.id()) == null) {
                cleared.add(before.id());
                audit.record(
                        "file",
                        "file",
                        before.id(),
                        describe(old.modeOf(before), old.percentOf(before)),
                        "absent",
                        "route removed from the route file");
            }
        }
        OverrideStore.Saved saved = cleared.isEmpty() ? overrides.load() : overrides.update(s -> s.without(cleared));
        LiveState next = new LiveState(table, old.version() + 1, known(table, saved), saved.killSwitch());
        state.set(next);
        lastReload = new ReloadStatus(
                clock.instant(),
                true,
                source,
                table.digest(),
                "loaded " + table.routes().size() + " route(s)");
        log.info(
                "route table version {} live from {} ({} routes, digest {})",
                next.version(),
                source,
                table.routes().size(),
                table.digest());
        return lastReload;
    }

    /**
     * Sets a route's mode (and percent for canary) through the admin API. Asking for what the route file
     * says drops the override instead of adding one equal to the file; asking for what is live already
     * changes nothing and is not audited: the same state comes back.
     */
    public synchronized LiveState setMode(
            String routeId, Mode mode, Integer percentBasisPoints, String who, String reason) {
        LiveState old = state.get();
        StrangledRoute route = Objects.requireNonNull(old.table().route(routeId), "unknown route");
        int percent = percentBasisPoints != null ? percentBasisPoints : old.percentOf(route);
        if (sameRouting(mode, percent, route.mode(), route.percentBasisPoints())) {
            return clearOverride(routeId, who, reason);
        }
        if (sameRouting(mode, percent, old.modeOf(route), old.percentOf(route))) {
            return old;
        }
        audit.record(
                who,
                "api",
                routeId,
                describe(old.modeOf(route), old.percentOf(route)),
                describe(mode, percent),
                reason);
        return applyStored(overrides.update(s -> s.with(routeId, new RouteOverride(mode, percent))));
    }

    /** Whether two settings route alike: the same mode, and for canary the same percent. */
    private static boolean sameRouting(Mode mode, int percent, Mode otherMode, int otherPercent) {
        return mode == otherMode && (mode != Mode.CANARY || percent == otherPercent);
    }

    /** Drops a route's admin override: the route file's mode applies again. */
    public synchronized LiveState clearOverride(String routeId, String who, String reason) {
        LiveState old = state.get();
        StrangledRoute route = Objects.requireNonNull(old.table().route(routeId), "unknown route");
        if (!old.overrides().containsKey(routeId)) {
            return old;
        }
        audit.record(
                who,
                "api",
                routeId,
                describe(old.modeOf(route), old.percentOf(route)),
                describe(route.mode(), route.percentBasisPoints()),
                reason);
        return applyStored(overrides.update(s -> s.without(List.of(routeId))));
    }

    /** Everything back to the monolith at once (on), or routing as configured again (off). */
    public synchronized LiveState killSwitch(boolean on, String who, String reason) {
        LiveState old = state.get();
        if (old.killSwitch() == on) {
            return old;
        }
        audit.record(
                who,
                "api",
                "*",
                old.killSwitch() ? "kill-switch on" : "kill-switch off",
                on ? "kill-switch on" : "kill-switch off",
                reason);
        return applyStored(overrides.update(s -> s.withKillSwitch(on)));
    }

    /**
     * Makes what is stored live: after a change made here, or one another replica made in the shared
     * state. Overrides of routes this table does not have are kept in the store and ignored here.
     */
    public synchronized LiveState applyStored(OverrideStore.Saved saved) {
        LiveState old = state.get();
        Map<String, RouteOverride> next = known(old.table(), saved);
        if (next.equals(old.overrides()) && saved.killSwitch() == old.killSwitch()) {
            return old;
        }
        LiveState changed = new LiveState(old.table(), old.version() + 1, next, saved.killSwitch());
        state.set(changed);
        return changed;
    }

    /**
     * The stored overrides this table can honour: of routes it has, in a mode the route can take (only
     * {@code monolith} for a route that names no service). Others stay in the store and are ignored here.
     */
    private static Map<String, RouteOverride> known(RouteTable table, OverrideStore.Saved saved) {
        Map<String, RouteOverride> kept = new HashMap<>();
        saved.routes().forEach((id, o) -> {
            StrangledRoute route = table.route(id);
            RouteOverride override = OverrideStore.toOverride(o);
            if (route != null && honours(route, override)) {
                kept.put(id, override);
            }
        });
        return kept;
    }

    /** Whether the route can be served as the override says: every mode but monolith needs a service. */
    private static boolean honours(StrangledRoute route, RouteOverride override) {
        return override.mode() == Mode.MONOLITH || route.service() != null;
    }

    public static String describe(Mode mode, int percentBasisPoints) {
        return mode == Mode.CANARY ? "canary " + (percentBasisPoints / 100.0) + "%" : mode.yamlName();
    }
}
