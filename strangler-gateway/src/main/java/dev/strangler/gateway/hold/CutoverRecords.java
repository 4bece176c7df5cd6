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

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.strangler.gateway.admin.AuditLog;

/**
 * Where each write cutover stands, as its driver recorded it before taking each step: kept in
 * {@code cutovers.json} (replaced atomically) so that it survives the driver's death and a restart of
 * the gateway. The gateway reads one thing from it: while a record says its routes are
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

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final AuditLog audit;
    private final Clock clock;
    private volatile Map<String, Record> records;
    /** Routes of records that are holding: a request of one of these needs a live hold. Usually empty. */
    private volatile Set<String> holdingRoutes = Set.of();

    public CutoverRecords(Path file, AuditLog audit, Clock clock) {
        this.file = file;
        this.audit = audit;
        this.clock = clock;
        this.records = load(file);
        index();
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
        Map<String, Record> all = new TreeMap<>(records);
        all.put(name, next);
        save(all);
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
        Map<String, Record> all = new TreeMap<>(records);
        all.remove(name);
        save(all);
        audit.record(who, "api", String.join(",", before.routes()), describe(before), "no " + before.direction() + " under way", reason);
        return true;
    }

    private static String describe(Record r) {
        return r.direction() + " at " + r.step() + (r.holding() ? " (holding)" : "");
    }

    private void save(Map<String, Record> all) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), all);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cutover records " + file, e);
        }
        records = Map.copyOf(all);
        index();
    }

    private void index() {
        Set<String> routes = new HashSet<>();
        records.values().stream().filter(Record::holding).forEach(r -> routes.addAll(r.routes()));
        holdingRoutes = Set.copyOf(routes);
    }

    private static Map<String, Record> load(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            Map<String, Record> saved = JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, Record>>() {
            });
            return Map.copyOf(saved);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the cutover records " + file + ": " + e.getMessage()
                    + " (a cutover may be half done: fix the file rather than delete it; the audit log has the history)", e);
        }
    }
}
