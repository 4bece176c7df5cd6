package dev.strangler.gateway.hold;

import dev.strangler.gateway.api.CutoverRecord;
import dev.strangler.gateway.audit.AuditLog;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where each write cutover stands, as its driver recorded it before taking each step: kept in
 * {@code cutovers.json} (replaced atomically), or in the state the replicas share, so that it survives
 * the driver's death and a restart of the gateway. The gateway reads one thing from it: while a record says its routes are
 * {@linkplain CutoverRecord#holding() holding}, those routes may only be served under a live hold; once the
 * hold is gone (it expired because the driver died, or the gateway restarted), they are fenced:
 * answered 503 with {@code Retry-After} instead of released to a side that may no longer own their
 * data. Running the cutover command again finishes or undoes the cutover and lifts the fence.
 * Everything else in a record (direction, step, streams) is the driver's, stored as given.
 */
public final class CutoverRecords {

    /**
     * Where the records are kept: a file for one gateway ({@link InFile}), or the state the replicas
     * share. A change is a function of what is stored now, applied atomically.
     */
    public interface Store {
        Map<String, CutoverRecord> load();

        Map<String, CutoverRecord> update(UnaryOperator<Map<String, CutoverRecord>> change);
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Store store;
    private final AuditLog audit;
    private final Clock clock;
    private volatile Map<String, CutoverRecord> records;
    /** Routes of records that are holding: a request of one of these needs a live hold. Usually empty. */
    private volatile Set<String> holdingRoutes = Set.of();

    public CutoverRecords(Store store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        applyStored(store.load());
    }

    /** Makes what is stored live: after a change made here, or one another replica made in the shared state. */
    public synchronized void applyStored(Map<String, CutoverRecord> stored) {
        records = Map.copyOf(stored);
        Set<String> routes = new HashSet<>();
        records.values().stream().filter(CutoverRecord::holding).forEach(r -> routes.addAll(r.routes()));
        holdingRoutes = Set.copyOf(routes);
    }

    public List<CutoverRecord> all() {
        return new ArrayList<>(records.values());
    }

    public CutoverRecord get(String name) {
        return records.get(name);
    }

    /** True when a record under way says the route must be held. */
    public boolean mustHold(String routeId) {
        Set<String> routes = holdingRoutes;
        return !routes.isEmpty() && routes.contains(routeId);
    }

    /** Records a step (creating the record on its first step), durably, before the driver takes it. */
    public synchronized CutoverRecord put(
            String name,
            String direction,
            List<String> routes,
            String step,
            boolean holding,
            Map<String, String> detail,
            String who) {
        CutoverRecord before = records.get(name);
        Instant now = clock.instant();
        CutoverRecord next = new CutoverRecord(
                name, direction, routes, step, holding, detail, before == null ? now : before.startedAt(), now, who);
        applyStored(store.update(stored -> {
            Map<String, CutoverRecord> all = new TreeMap<>(stored);
            CutoverRecord was = stored.get(name);
            all.put(
                    name,
                    was == null
                            ? next
                            : new CutoverRecord(
                                    name, direction, routes, step, holding, detail, was.startedAt(), now, who));
            return all;
        }));
        audit.record(
                who,
                "api",
                String.join(",", routes),
                before == null ? "no " + direction + " under way" : describe(before),
                describe(next),
                "cutover record " + name);
        return next;
    }

    /** Forgets a finished or undone cutover; false when there was none. */
    public synchronized boolean remove(String name, String who, String reason) {
        CutoverRecord before = records.get(name);
        if (before == null) {
            return false;
        }
        applyStored(store.update(stored -> {
            Map<String, CutoverRecord> all = new TreeMap<>(stored);
            all.remove(name);
            return all;
        }));
        audit.record(
                who,
                "api",
                String.join(",", before.routes()),
                describe(before),
                "no " + before.direction() + " under way",
                reason);
        return true;
    }

    private static String describe(CutoverRecord r) {
        return r.direction() + " at " + r.step() + (r.holding() ? " (holding)" : "");
    }

    /** The records in one file ({@code cutovers.json}), replaced atomically on every change. */
    public static final class InFile implements Store {
        private final Path file;

        public InFile(Path file) {
            this.file = file;
        }

        @Override
        public synchronized Map<String, CutoverRecord> update(UnaryOperator<Map<String, CutoverRecord>> change) {
            Map<String, CutoverRecord> before = load();
            Map<String, CutoverRecord> after = change.apply(before);
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                JSON.writeValue(tmp.toFile(), new TreeMap<>(after));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the cutover records " + file, e);
            }
            return after;
        }

        @Override
        public Map<String, CutoverRecord> load() {
            if (!Files.exists(file)) {
                return Map.of();
            }
            return parse(file.toFile(), file.toString());
        }
    }

    /** Reads stored records (a file or a shared row); a broken one stops the gateway rather than forget a half-done cutover. */
    public static Map<String, CutoverRecord> parse(Object source, String where) {
        try {
            TypeReference<TreeMap<String, CutoverRecord>> type = new TypeReference<>() {};
            Map<String, CutoverRecord> saved =
                    source instanceof File f ? JSON.readValue(f, type) : JSON.readValue((String) source, type);
            return Map.copyOf(saved);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the cutover records " + where + ": " + e.getMessage()
                            + " (a cutover may be half done: fix the file rather than delete it; the audit log has the history)",
                    e);
        }
    }

    /** The records as stored: JSON. */
    public static String format(Map<String, CutoverRecord> records) {
        return JSON.writeValueAsString(new TreeMap<>(records));
    }
}
