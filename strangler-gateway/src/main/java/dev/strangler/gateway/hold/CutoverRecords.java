package dev.strangler.gateway.hold;

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

import dev.strangler.gateway.audit.AuditLog;

/**
 * Where each write cutover stands, as its driver recorded it before taking each step: kept in
 * {@code cutovers.json} (replaced atomically), or in the state the replicas share, so that it survives
 * the driver's death and a restart of the gateway. The gateway reads one thing from it: while a record says its routes are
 * {@linkplain Record#holding() holding}, those routes may only be served under a live hold; once the
 * hold is gone (it expired because the driver died, or the gateway restarted), they are fenced:
 * answered 503 with {@code Retry-After} instead of released to a side that may no longer own their
 * data. Running the cutover command again finishes or undoes the cutover and lifts the fence.
 * Everything else in a record (direction, step, streams) is the driver's, stored as given.
 */
public final class CutoverRecords {

    /**
     * One cutover or rollback under way.
     *
     * @param name      what is being cut over (the playbook uses the forward stream's name)
     * @param direction {@code cutover} or {@code rollback}, as the driver names it
     * @param routes    the gateway routes whose writes move
     * @param step      the step the driver is about to take (or took last)
     * @param holding   whether the routes must be held from now on: fenced when they are not
     * @param detail    anything else the driver needs to resume (stream names, columns)
     */
    public record Record(String name, String direction, List<String> routes, String step, boolean holding, Map<String, String> detail,
            Instant startedAt, Instant updatedAt, String by) {

        public Record {
            routes = routes == null ? List.of() : List.copyOf(routes);
            detail = detail == null ? Map.of() : Map.copyOf(detail);
        }
    }

    /**
     * Where the records are kept: a file for one gateway ({@link InFile}), or the state the replicas
     * share. A change is a function of what is stored now, applied atomically.
     */
    public interface Store {
        Map<String, Record> load();

        Map<String, Record> update(UnaryOperator<Map<String, Record>> change);
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Store store;
    private final AuditLog audit;
    private final Clock clock;
    private volatile Map<String, Record> records;
    /** Routes of records that are holding: a request of one of these needs a live hold. Usually empty. */
    private volatile Set<String> holdingRoutes = Set.of();

    public CutoverRecords(Store store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        applyStored(store.load());
    }

    /** Makes what is stored live: after a change made here, or one another replica made in the shared state. */
    public synchronized void applyStored(Map<String, Record> stored) {
        records = Map.copyOf(stored);
        Set<String> routes = new HashSet<>();
        records.values().stream().filter(Record::holding).forEach(r -> routes.addAll(r.routes()));
        holdingRoutes = Set.copyOf(routes);
    }

    public List<Record> all() {
        return new ArrayList<>(records.values());
    }

    public Record get(String name) {
        return records.get(name);
    }

    /** True when a record under way says the route must be held. */
    public boolean mustHold(String routeId) {
        Set<String> routes = holdingRoutes;
        return !routes.isEmpty() && routes.contains(routeId);
    }

    /** Records a step (creating the record on its first step), durably, before the driver takes it. */
    public synchronized Record put(String name, String direction, List<String> routes, String step, boolean holding,
            Map<String, String> detail, String who) {
        Record before = records.get(name);
        Instant now = clock.instant();
        Record next = new Record(name, direction, routes, step, holding, detail, before == null ? now : before.startedAt(), now, who);
        applyStored(store.update(stored -> {
            Map<String, Record> all = new TreeMap<>(stored);
            Record was = stored.get(name);
            all.put(name, was == null ? next : new Record(name, direction, routes, step, holding, detail, was.startedAt(), now, who));
            return all;
        }));
        audit.record(who, "api", String.join(",", routes), before == null ? "no " + direction + " under way" : describe(before),
                describe(next), "cutover record " + name);
        return next;
    }

    /** Forgets a finished or undone cutover; false when there was none. */
    public synchronized boolean remove(String name, String who, String reason) {
        Record before = records.get(name);
        if (before == null) {
            return false;
        }
        applyStored(store.update(stored -> {
            Map<String, Record> all = new TreeMap<>(stored);
            all.remove(name);
            return all;
        }));
        audit.record(who, "api", String.join(",", before.routes()), describe(before), "no " + before.direction() + " under way", reason);
        return true;
    }

    private static String describe(Record r) {
        return r.direction() + " at " + r.step() + (r.holding() ? " (holding)" : "");
    }

    /** The records in one file ({@code cutovers.json}), replaced atomically on every change. */
    public static final class InFile implements Store {
        private final Path file;

        public InFile(Path file) {
            this.file = file;
        }

        @Override
        public synchronized Map<String, Record> update(UnaryOperator<Map<String, Record>> change) {
            Map<String, Record> before = load();
            Map<String, Record> after = change.apply(before);
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
        public Map<String, Record> load() {
            if (!Files.exists(file)) {
                return Map.of();
            }
            return parse(file.toFile(), file.toString());
        }
    }

    /** Reads stored records (a file or a shared row); a broken one stops the gateway rather than forget a half-done cutover. */
    public static Map<String, Record> parse(Object source, String where) {
        try {
            TypeReference<TreeMap<String, Record>> type = new TypeReference<>() {
            };
            Map<String, Record> saved = source instanceof java.io.File f ? JSON.readValue(f, type) : JSON.readValue((String) source, type);
            return Map.copyOf(saved);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the cutover records " + where + ": " + e.getMessage()
                    + " (a cutover may be half done: fix the file rather than delete it; the audit log has the history)", e);
        }
    }

    /** The records as stored: JSON. */
    public static String format(Map<String, Record> records) {
        return JSON.writeValueAsString(new TreeMap<>(records));
    }
}
