package dev.strangler.gateway.replicas;

import dev.strangler.gateway.api.CutoverRecord;
import dev.strangler.gateway.api.HoldGranted;
import dev.strangler.gateway.api.HoldOutcome;
import dev.strangler.gateway.api.HoldReleased;
import dev.strangler.gateway.api.MigrationProgress;
import dev.strangler.gateway.hold.CutoverRecords;
import dev.strangler.gateway.hold.HoldCoordinator;
import dev.strangler.gateway.hold.Lease;
import dev.strangler.gateway.hold.RouteHolds;
import dev.strangler.gateway.live.LiveRoutes;
import dev.strangler.gateway.live.OverrideStore;
import dev.strangler.gateway.live.Pins;
import dev.strangler.gateway.live.StoredOverrides;
import dev.strangler.gateway.progress.MigrationProgressRecords;
import dev.strangler.gateway.routing.Target;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control state several gateway replicas share, in PostgreSQL: the admin overrides and kill
 * switch, the cutover records, the holds, and which replicas are alive (a lease each); and, for the status page,
 * each feature's migration progress. Every change is
 * a transaction followed by a {@code NOTIFY}; each replica keeps serving from its local snapshot (the
 * request path never waits on the database) and, on a notification or every second, reads the whole
 * state again in one snapshot and makes it live: overrides first, then cutover records, then holds, so
 * requests released from a hold are decided on the routes the same commit order left behind; the migration
 * progress last (it decides nothing, and a row of it this replica cannot read is logged, not a lost state).
 *
 * <p>A hold is granted only once every live replica has taken it and drained its own requests in flight
 * (each acknowledges in the database). A replica counts as live until its lease has been expired for
 * one more lease length, the time its writes admitted just before the lease ended have to finish. A
 * replica that starts, or reconnects, reads the state before it counts itself as leased, so it holds
 * from its first request. A replica that cannot renew its lease keeps serving from its last state but
 * answers writes of strangled routes 503 ({@link Lease}): it may have missed a hold.
 *
 * <p>Read-your-writes pins are shared too: a write's pin is stored, and announced, before the write is
 * forwarded, and every replica applies the announcement as it arrives (and reads the live pins when it
 * connects), so a caller whose next read reaches another replica is pinned there as well.
 *
 * <p>Why PostgreSQL and not a home-made protocol: the stack already runs it, its transactions give the
 * atomic updates and its {@code LISTEN/NOTIFY} delivers changes in commit order.
 */
public final class SharedState implements HoldCoordinator, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedState.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CHANNEL = "strangler_gateway";
    static final String CONTROL = "strangler_gateway_control";
    static final String HOLDS = "strangler_gateway_holds";

    /**
     * The whole state a follower applies, read in one statement (so from one snapshot): the control rows
     * (key, value, version) and the holds (route, id, and in milliseconds from now the end of their life and
     * of their quiet wait, their limit per closing, who and why).
     */
    private static final String SNAPSHOT = "SELECT 'control', key, value, updated_at, NULL::bigint, NULL::bigint, "
            + "NULL::bigint, NULL::text, NULL::text FROM " + CONTROL + " UNION ALL "
            + "SELECT 'hold', route, hold_id, NULL::timestamptz, (extract(epoch FROM expires_at - now()) * 1000)::bigint, "
            + "(extract(epoch FROM quiet_until - now()) * 1000)::bigint, limit_ms, held_by, reason FROM "
            + HOLDS;

    static final String REPLICAS = "strangler_gateway_replicas";
    static final String ACKS = "strangler_gateway_hold_acks";
    static final String PINS = "strangler_gateway_pins";
    /** Notifications of a read-your-writes pin start with this: applied as they come, without reading the whole state. */
    static final String PIN = "pin ";
    /**
     * Notifications that carry what a {@link #noticedTogether} changed (the control rows it wrote, the holds it
     * released) start with this: applied as they come, without reading the whole state (see {@link Told}).
     */
    static final String TOLD = "told ";
    /** PostgreSQL refuses a notification of 8000 bytes or more; a larger change is told without its content. */
    static final int MAX_NOTIFICATION_BYTES = 7999;

    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    private final String url;
    private final String user;
    private final String password;
    private final String replicaId;
    private final Duration lease;
    /** How long a replica's gate stays closed for a hold not granted yet before it reopens (see {@link #acknowledge}). */
    private final Duration reopenAfter;

    private final Lease leased;
    /**
     * Inside {@link #noticedTogether} on this thread: what it changed so far (null: outside, each change is
     * told as it commits).
     */
    private final ThreadLocal<Told> changesNoticedLater = new ThreadLocal<>();

    private Connection writer;
    private Connection listener;
    private LiveRoutes routes;
    private CutoverRecords cutovers;
    private RouteHolds holds;
    private MigrationProgressRecords migrations;
    /** The version of the migration progress row this replica could not read last: logged once, not every second. */
    private Instant unreadableMigrationsAt;

    private Pins pins;
    /**
     * The version (the row's {@code updated_at}) of the last write of each control key made on this
     * replica. Its writer applies a write here itself, under the lock of the part it changes (the routes,
     * the cutover records), while the follower may be about to apply a snapshot read just before that
     * write: the follower applies a key only under the same lock, and only when its snapshot is not older
     * than this. Otherwise a release taken right after a cutover step could be decided on the step before
     * (a held write answered 503 by a record that said "holding" a moment ago).
     */
    private final Map<String, Instant> writtenHere = new ConcurrentHashMap<>();

    /**
     * The version of each control key the follower made live here (from a snapshot or a notification that
     * carried it). A notification is applied only when newer: a snapshot read after its commit, and applied
     * before it arrived, has it already, or something newer.
     */
    private final Map<String, Instant> followedHere = new ConcurrentHashMap<>();

    /** Shared holds this replica took and ended (released, withdrawn, expired): never taken again. */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    /**
     * Runs in the follower between reading a snapshot and applying it, with the cutover records it read: a
     * seam for tests of what may happen then.
     */
    volatile Consumer<Map<String, CutoverRecord>> betweenSnapshotAndApply = records -> {};

    /** Runs in the follower after it applied a snapshot: a seam for tests. */
    volatile Runnable afterApply = () -> {};

    private volatile boolean running = true;
    private Thread loop;
    private long renewedAtNanos;
    private long syncedAtNanos;
    private long sweptAtNanos = System.nanoTime();

    public SharedState(
            String url,
            String user,
            String password,
            String replicaId,
            Duration lease,
            Duration reopenAfter,
            Lease leased) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.replicaId = replicaId;
        this.lease = lease;
        this.reopenAfter = reopenAfter;
        this.leased = leased;
        createSchema();
    }

    public String replicaId() {
        return replicaId;
    }

    /**
     * Starts following the shared state: reads it once and makes it live before returning (so this
     * replica holds what is held before it serves), then listens for changes in the background.
     */
    public void start(
            LiveRoutes routes,
            CutoverRecords cutovers,
            RouteHolds holds,
            Pins pins,
            MigrationProgressRecords migrations) {
        this.routes = routes;
        this.cutovers = cutovers;
        this.holds = holds;
        this.migrations = migrations;
        this.pins = pins;
        try {
            connectListener();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the shared state at " + url + ": " + e.getMessage(), e);
        }
        pins.shareWith(this::sharePin);
        // Reading the first notification that carries a change builds its readers (58 ms in a gateway under the
        // cutover check's load): done now, not while a replica's held writes wait on it.
        JSON.readValue(Told.sample(), Told.Sent.class);
        loop = new Thread(this::follow, "strangler-shared-state");
        loop.setDaemon(true);
        loop.start();
        log.info("replica {} follows the shared state at {} (lease {} ms)", replicaId, url, lease.toMillis());
    }

    // ---- the follower loop (its own connection; the only thread that uses it) ----

    private void follow() {
        while (running) {
            try {
                if (listener == null) {
                    connectListener();
                }
                PGNotification[] changes =
                        listener.unwrap(PGConnection.class).getNotifications((int) Math.max(10, lease.toMillis() / 6));
                boolean changed = false;
                for (PGNotification change : changes == null ? new PGNotification[0] : changes) {
                    if (change.getParameter().startsWith(PIN)) {
                        applyPin(change.getParameter().substring(PIN.length()));
                    } else if (change.getParameter().startsWith(TOLD)) {
                        applyTold(change.getParameter().substring(TOLD.length()));
                    } else {
                        changed = true;
                    }
                }
                long now = System.nanoTime();
                if (changed || now - syncedAtNanos > Duration.ofSeconds(1).toNanos()) {
                    sync();
                }
                if (now - sweptAtNanos > SWEEP_EVERY.toNanos()) {
                    sweepPins();
                }
                if (now - renewedAtNanos > lease.toNanos() / 3) {
                    leased.renewed(renew(listener), lease);
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                leased.lost();
                log.warn(
                        "replica {}: lost the shared state ({}); writes of strangled routes answer 503 until it is back",
                        replicaId,
                        e.getMessage());
                close(listener);
                listener = null;
                sleep(250);
            }
        }
    }

    /** LISTEN, renew, read everything, and only then count the lease: nothing held before goes unseen. */
    private void connectListener() throws SQLException {
        Connection c = connect();
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        }
        long sentAt = renew(c);
        listener = c;
        sync();
        loadPins();
        leased.renewed(sentAt, lease);
    }

    private long renew(Connection c) throws SQLException {
        long sentAt = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + REPLICAS + " (replica, lease_until) VALUES (?, now() + ?::interval) "
                        + "ON CONFLICT (replica) DO UPDATE SET lease_until = excluded.lease_until")) {
            ps.setString(1, replicaId);
            ps.setString(2, lease.toMillis() + " milliseconds");
            ps.executeUpdate();
        }
        renewedAtNanos = sentAt;
        return sentAt;
    }

    /** Reads the whole state in one snapshot and makes it live here. */
    private void sync() throws SQLException {
        long snapshotNanos = System.nanoTime();
        OverrideStore.Saved overrides = OverrideStore.Saved.NONE;
        Map<String, CutoverRecord> records = Map.of();
        Instant overridesAt = null;
        Instant recordsAt = null;
        String progressText = null;
        Instant progressAt = null;
        /** A shared hold: the time left of its whole life, of its quiet wait, and its limit per closing. */
        record Row(
                String route,
                String id,
                long remainingMillis,
                long quietLeftMillis,
                Long limitMillis,
                String by,
                String reason) {}
        List<Row> rows = new ArrayList<>();
        // One statement, so one snapshot without a transaction of its own: one round trip for the follower, which
        // sits between a release on another replica and the writes held here.
        try (Statement s = listener.createStatement();
                ResultSet rs = s.executeQuery(SNAPSHOT)) {
            while (rs.next()) {
                if (rs.getString(1).equals("control")) {
                    if (rs.getString(2).equals("overrides")) {
                        overrides = readOverrides(rs.getString(3));
                        overridesAt = rs.getTimestamp(4).toInstant();
                    } else if (rs.getString(2).equals("cutovers")) {
                        records = readRecords(rs.getString(3));
                        recordsAt = rs.getTimestamp(4).toInstant();
                    } else if (rs.getString(2).equals("migrations")) {
                        progressText = rs.getString(3);
                        progressAt = rs.getTimestamp(4).toInstant();
                    }
                    continue;
                }
                long quietLeft = Math.max(0, rs.getLong(6));
                long limit = rs.getLong(7);
                Long limitMillis = rs.wasNull() ? null : limit;
                rows.add(new Row(
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(5),
                        quietLeft,
                        limitMillis,
                        rs.getString(8),
                        rs.getString(9)));
            }
        }
        betweenSnapshotAndApply.accept(records);
        synchronized (routes) {
            if (notOlderThanWrittenHere("overrides", overridesAt)) {
                routes.applyStored(overrides);
                followed("overrides", overridesAt);
            }
        }
        synchronized (cutovers) {
            if (notOlderThanWrittenHere("cutovers", recordsAt)) {
                cutovers.applyStored(records);
                followed("cutovers", recordsAt);
            }
        }
        Map<String, String> following = holds.sharedHolds();
        Set<String> live = new HashSet<>();
        for (Row row : rows) {
            if (row.remainingMillis() <= 0) {
                continue;
            }
            live.add(row.id());
            String mine = following.get(row.route());
            if (row.id().equals(mine) || ended.contains(row.id())) {
                continue;
            }
            if (mine != null) {
                holds.releaseShared(row.route(), mine, "shared state", "replaced by a newer hold");
            }
            Duration remaining = Duration.ofMillis(row.remainingMillis());
            // A hold a gateway before quiet waits of their own wrote has neither: its whole life is its limit.
            Duration limit = row.limitMillis() == null ? remaining : Duration.ofMillis(row.limitMillis());
            Duration quiet = row.limitMillis() == null
                    ? RouteHolds.quietBudget(remaining, remaining)
                    : Duration.ofMillis(row.quietLeftMillis());
            holds.holdShared(
                    row.route(),
                    row.id(),
                    limit,
                    quiet,
                    row.by(),
                    row.reason(),
                    closing -> acknowledge(row.route(), row.id(), closing));
        }
        // Only holds this replica followed before the snapshot: one it took since is not in it yet.
        holds.sharedHoldsRegisteredBefore(snapshotNanos).forEach((route, id) -> {
            if (!live.contains(id)) {
                ended.add(id);
                holds.releaseShared(route, id, "shared state", "released on another replica");
            }
        });
        ended.retainAll(live);
        Map<String, MigrationProgress> progress = readProgress(progressText, progressAt);
        if (progress != null) {
            synchronized (migrations) {
                if (notOlderThanWrittenHere("migrations", progressAt)) {
                    migrations.applyStored(progress);
                    followed("migrations", progressAt);
                }
            }
        }
        syncedAtNanos = System.nanoTime();
        afterApply.run();
    }

    private void followed(String key, Instant at) {
        if (at != null) {
            followedHere.put(key, at);
        }
    }

    /**
     * Makes live what another replica's {@link #noticedTogether} told, in the order a snapshot is applied
     * (the routes, the cutover records, then the holds it released): a follower releases the writes it
     * holds one round trip sooner than by reading the whole state, on the new owner's routes. A key the
     * follower has a version of that is as new (a snapshot read after the notification's commit) is left as it is.
     */
    private void applyTold(String json) {
        Told.Sent told = JSON.readValue(json, Told.Sent.class);
        applyIfNewer(told, "overrides", routes, row -> routes.applyStored(readOverrides(row.value())));
        applyIfNewer(told, "cutovers", cutovers, row -> cutovers.applyStored(readRecords(row.value())));
        applyIfNewer(told, "migrations", migrations, row -> {
            Map<String, MigrationProgress> read = readProgress(row.value(), row.at());
            if (read != null) {
                migrations.applyStored(read);
            }
        });
        for (Told.Released r : told.released()) {
            // Not one this replica ended, or is releasing itself: the notification of its own release comes as it
            // commits.
            if (ended.add(r.hold())) {
                holds.releaseShared(r.route(), r.hold(), "shared state", "released on another replica");
            }
        }
    }

    /** Applies the told row of {@code key}, if it has one newer than what is live here, under the lock of its part. */
    private void applyIfNewer(Told.Sent told, String key, Object lock, Consumer<Told.Row> apply) {
        Told.Row row = told.control().get(key);
        if (row == null) {
            return;
        }
        synchronized (lock) {
            if (newerThanLiveHere(key, row.at())) {
                apply.accept(row);
                followed(key, row.at());
            }
        }
    }

    /** Whether the key's version {@code at} is newer than what this replica wrote or followed of it. */
    private boolean newerThanLiveHere(String key, Instant at) {
        Instant mine = writtenHere.get(key);
        Instant followed = followedHere.get(key);
        return (mine == null || at.isAfter(mine)) && (followed == null || at.isAfter(followed));
    }

    /** Whether a snapshot of the key (its version {@code at}; null: no row) may be applied here (see {@link #writtenHere}). */
    private boolean notOlderThanWrittenHere(String key, Instant at) {
        Instant mine = writtenHere.get(key);
        return mine == null || (at != null && !at.isBefore(mine));
    }

    /**
     * This replica holds the shared hold (its gate closed, as the {@code closing}-th time) and what it
     * had admitted before has finished: it says so in the database. A replica that closed at a quiet
     * moment of its own may wait there for another that has a slow write in flight; so when the hold is
     * not granted within {@code reopenAfter}, it withdraws its acknowledgement and opens its gate again
     * until its next quiet moment (unless its quiet wait is over). The withdrawal and the grant both lock
     * the hold's row: either the grant saw the acknowledgement and the withdrawal sees the grant (the
     * gate stays closed), or the acknowledgement was gone before the grant looked. Acknowledgement,
     * withdrawal and reopening run in that order, one after the other.
     */
    private void acknowledge(String routeId, String holdId, int closing) {
        Mono.fromRunnable(() -> write(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO " + ACKS + " (hold_id, replica) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                        ps.setString(1, holdId);
                        ps.setString(2, replicaId);
                        ps.executeUpdate();
                    }
                    return null;
                }))
                .subscribeOn(Schedulers.boundedElastic())
                .then(Mono.delay(reopenAfter, Schedulers.boundedElastic()))
                .then(Mono.fromRunnable(() -> reopenIfNotGranted(routeId, holdId, closing)))
                .subscribe(
                        null,
                        e -> log.warn(
                                "replica {}: hold {}: cannot acknowledge, or withdraw the acknowledgement: {}",
                                replicaId,
                                holdId,
                                e.getMessage()));
    }

    private void reopenIfNotGranted(String routeId, String holdId, int closing) {
        if (reopenAfter.isZero() || !holds.mayReopen(routeId, holdId, closing)) {
            return;
        }
        boolean withdrawn = inTransaction(c -> {
            boolean out = false;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT granted FROM " + HOLDS + " WHERE hold_id = ? FOR UPDATE")) {
                ps.setString(1, holdId);
                try (ResultSet rs = ps.executeQuery()) {
                    out = rs.next() && !rs.getBoolean(1);
                }
            }
            if (out) {
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM " + ACKS + " WHERE hold_id = ? AND replica = ?")) {
                    ps.setString(1, holdId);
                    ps.setString(2, replicaId);
                    ps.executeUpdate();
                }
            }
            return out;
        });
        if (!withdrawn) {
            return; // granted (the gate stays closed until the release), or over
        }
        if (holds.reopen(routeId, holdId, closing, reopenAfter) == RouteHolds.Reopened.STAYS_CLOSED) {
            // Its quiet wait ended meanwhile: closed for good, so acknowledged for good.
            acknowledge(routeId, holdId, closing);
        }
    }

    // ---- read-your-writes pins ----

    /** The pin as the notification carries it: who, to which side, for how long from its commit. */
    record SharedPin(String caller, Target target, String service, long ttlMillis) {}

    /**
     * Stores the pin and tells every replica, in one statement (its own transaction: NOTIFY is sent on
     * commit). Not while this replica has lost the shared state: its writes must not wait on a database
     * it cannot reach (the pin is kept here only, as for a replica alone).
     */
    private void sharePin(String caller, Target target, String service, Duration ttl) {
        if (!leased.valid()) {
            return;
        }
        String payload = PIN + JSON.writeValueAsString(new SharedPin(caller, target, service, ttl.toMillis()));
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "WITH p AS (INSERT INTO " + PINS + " (caller, target, service, expires_at) "
                            + "VALUES (?, ?, ?, now() + ?::interval) ON CONFLICT (caller) DO UPDATE SET target = excluded.target, "
                            + "service = excluded.service, expires_at = excluded.expires_at RETURNING 1) SELECT pg_notify(?, ?) FROM p")) {
                ps.setString(1, caller);
                ps.setString(2, target.name());
                ps.setString(3, service);
                ps.setString(4, ttl.toMillis() + " milliseconds");
                ps.setString(5, CHANNEL);
                ps.setString(6, payload);
                ps.execute();
            }
            return null;
        });
    }

    private void applyPin(String json) {
        SharedPin pin = JSON.readValue(json, SharedPin.class);
        pins.pin(pin.caller(), pin.target(), pin.service(), Duration.ofMillis(pin.ttlMillis()));
    }

    /** The pins still live, read when this replica (re)connects: it may have missed their notifications. */
    private void loadPins() throws SQLException {
        try (Statement s = listener.createStatement();
                ResultSet rs = s.executeQuery("SELECT caller, target, service, "
                        + "(extract(epoch FROM expires_at - now()) * 1000)::bigint FROM " + PINS
                        + " WHERE expires_at > now()")) {
            while (rs.next()) {
                pins.pin(
                        rs.getString(1),
                        Target.valueOf(rs.getString(2)),
                        rs.getString(3),
                        Duration.ofMillis(rs.getLong(4)));
            }
        }
    }

    private void sweepPins() throws SQLException {
        try (Statement s = listener.createStatement()) {
            s.executeUpdate("DELETE FROM " + PINS + " WHERE expires_at < now() - interval '1 minute'");
        }
        sweptAtNanos = System.nanoTime();
    }

    // ---- holds, for the admin API ----

    @Override
    public Mono<HoldGranted> hold(
            String routeId, Duration limit, Duration drainLimit, Duration quiet, String who, String reason) {
        return Mono.fromCallable(() -> holdEverywhere(routeId, limit, drainLimit, quiet, who, reason))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private HoldGranted holdEverywhere(
            String routeId, Duration limit, Duration drainLimit, Duration quiet, String who, String reason) {
        if (!leased.valid()) {
            throw new RouteHolds.DrainTimedOut(
                    "replica " + replicaId + " has lost the shared state: it cannot hold route " + routeId
                            + " on the others; ask another replica");
        }
        long start = System.nanoTime();
        String id = UUID.randomUUID().toString();
        boolean inserted = write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + HOLDS
                    + " (route, hold_id, expires_at, held_by, reason, quiet_until, limit_ms) "
                    + "VALUES (?, ?, now() + ?::interval, ?, ?, now() + ?::interval, ?) ON CONFLICT (route) DO UPDATE SET hold_id = excluded.hold_id, "
                    + "expires_at = excluded.expires_at, held_by = excluded.held_by, reason = excluded.reason, granted = false, "
                    + "quiet_until = excluded.quiet_until, limit_ms = excluded.limit_ms WHERE "
                    + HOLDS
                    + ".expires_at <= now() RETURNING hold_id")) {
                ps.setString(1, routeId);
                ps.setString(2, id);
                // Its whole life: the quiet wait, then the limit (each closing of a gate gives it its limit again).
                ps.setString(3, quiet.plus(limit).toMillis() + " milliseconds");
                ps.setString(4, who);
                ps.setString(5, reason);
                ps.setString(6, quiet.toMillis() + " milliseconds");
                ps.setLong(7, limit.toMillis());
                try (ResultSet rs = ps.executeQuery()) {
                    boolean taken = rs.next();
                    if (taken) {
                        notifyChange(c, "hold");
                    }
                    return taken;
                }
            }
        });
        if (!inserted) {
            return null;
        }
        int inFlightHere = holds.inFlight(routeId);
        holds.holdShared(routeId, id, limit, quiet, who, reason, closing -> acknowledge(routeId, id, closing));
        long deadline = start + quiet.plus(drainLimit).toNanos();
        List<String> waitingFor = List.of();
        while (System.nanoTime() - deadline < 0) {
            waitingFor = grantIfDrained(id);
            if (waitingFor.isEmpty()) {
                return new HoldGranted(
                        routeId,
                        Duration.ofNanos(System.nanoTime() - start).toMillis(),
                        inFlightHere,
                        limit.toMillis(),
                        holds.quietWaitMillis(routeId),
                        holds.closedMillis(routeId));
            }
            sleep(5);
        }
        List<String> late = waitingFor;
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + HOLDS + " WHERE hold_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            notifyChange(c, "hold");
            return null;
        });
        ended.add(id);
        holds.releaseShared(
                routeId,
                id,
                who,
                "replicas " + late + " did not drain within "
                        + quiet.plus(drainLimit).toMillis() + " ms: hold withdrawn");
        throw new RouteHolds.DrainTimedOut(
                "route " + routeId + ": request(s) admitted before the hold were still in flight on replica(s) " + late
                        + " after " + quiet.plus(drainLimit).toMillis() + " ms; the hold was withdrawn");
    }

    /**
     * Grants the hold when every live replica (lease not expired for over one more lease length) has
     * acknowledged it; otherwise returns those that have not. Under the lock of the hold's row, which a
     * replica withdrawing its acknowledgement takes too.
     */
    private List<String> grantIfDrained(String holdId) {
        return inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT 1 FROM " + HOLDS + " WHERE hold_id = ? FOR UPDATE")) {
                ps.setString(1, holdId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new RouteHolds.DrainTimedOut("hold " + holdId + " was released before it was granted");
                    }
                }
            }
            List<String> late = notYetDrained(c, holdId);
            if (late.isEmpty()) {
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE " + HOLDS + " SET granted = true WHERE hold_id = ?")) {
                    ps.setString(1, holdId);
                    ps.executeUpdate();
                }
            }
            return late;
        });
    }

    /** Live replicas (lease not expired for over one more lease length) that have not acknowledged the hold yet. */
    private List<String> notYetDrained(Connection c, String holdId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.replica FROM " + REPLICAS
                + " r WHERE r.lease_until > now() - ?::interval " + "AND NOT EXISTS (SELECT 1 FROM " + ACKS
                + " a WHERE a.hold_id = ? AND a.replica = r.replica) ORDER BY 1")) {
            ps.setString(1, lease.toMillis() + " milliseconds");
            ps.setString(2, holdId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    @Override
    public HoldReleased release(String routeId, String who, String reason) {
        Told told = changesNoticedLater.get();
        String releasing = holds.sharedHolds().get(routeId);
        if (told != null && releasing != null) {
            ended.add(releasing); // this replica releases it below, not its follower on the notification
        }
        Deleted deleted = write(c -> {
            if (told != null) {
                return deleteTelling(c, routeId, told);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM " + HOLDS + " WHERE route = ? RETURNING hold_id, expires_at > now()")) {
                ps.setString(1, routeId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    notifyChange(c, "hold");
                    return new Deleted(rs.getString(1), rs.getBoolean(2));
                }
            }
        });
        if (deleted == null || !deleted.live()) {
            return null;
        }
        String id = deleted.holdId();
        ended.add(id);
        HoldReleased here = holds.releaseShared(routeId, id, who, reason);
        return here != null ? here : new HoldReleased(routeId, null, 0, 0, HoldOutcome.RELEASED);
    }

    /** A hold row deleted: its id, and whether it was still live (not expired). */
    private record Deleted(String holdId, boolean live) {}

    /**
     * Inside a {@link #noticedTogether}: deletes the route's hold and, in the same statement, tells the other
     * replicas everything the work changed so far with this release, so that they release their held writes
     * as it commits, not after this replica has released its own (and audited that) and told them in a
     * statement of its own. What the work changes after this is told at its end.
     */
    private Deleted deleteTelling(Connection c, String routeId, Told told) throws SQLException {
        // The hold's id is known once deleted: the notification carries a placeholder of the same length, replaced.
        String placeholder = UUID.randomUUID().toString();
        List<Told.Released> released = new ArrayList<>(told.released);
        released.add(new Told.Released(routeId, placeholder));
        String notification = told.notification(released);
        try (PreparedStatement ps = c.prepareStatement("WITH d AS (DELETE FROM " + HOLDS
                + " WHERE route = ? RETURNING hold_id, expires_at > now() AS live) "
                + "SELECT hold_id, live, pg_notify(?, replace(?, ?, hold_id)) FROM d")) {
            ps.setString(1, routeId);
            ps.setString(2, CHANNEL);
            ps.setString(3, notification);
            ps.setString(4, placeholder);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                told.released.add(new Told.Released(routeId, rs.getString(1)));
                told.changed = false; // all told, as this commits
                return new Deleted(rs.getString(1), rs.getBoolean(2));
            }
        }
    }

    /**
     * Runs the work (changes of this thread, each committed as it is made: a step is still recorded
     * before it is taken) and tells the other replicas once, at its end, with the outcome in the
     * notification (a flip, its records and the release: {@link Told}): a follower makes it live as it
     * arrives, without reading the whole state, and releases its held writes sooner. A follower that
     * misses the end (this replica died) reads the state within its periodic sync.
     */
    @Override
    public <T> T noticedTogether(Supplier<T> work) {
        if (changesNoticedLater.get() != null) {
            return work.get();
        }
        Told told = new Told();
        changesNoticedLater.set(told);
        try {
            return work.get();
        } finally {
            changesNoticedLater.remove();
            if (told.changed) {
                try {
                    String payload = told.notification();
                    write(c -> {
                        notifyNow(c, payload);
                        return null;
                    });
                } catch (RuntimeException e) {
                    log.warn(
                            "replica {}: cannot tell the others of a change ({}); they read it within a second",
                            replicaId,
                            e.getMessage());
                }
            }
        }
    }

    // ---- overrides and cutover records ----

    /** The admin overrides and the kill switch, as the replicas share them. */
    public StoredOverrides overrides() {
        return new StoredOverrides() {
            @Override
            public OverrideStore.Saved load() {
                return write(c -> readOverrides(read(c, "overrides")));
            }

            @Override
            public OverrideStore.Saved update(UnaryOperator<OverrideStore.Saved> change) {
                return transform(
                        "overrides",
                        text -> JSON.writeValueAsString(change.apply(readOverrides(text))),
                        SharedState::readOverrides);
            }
        };
    }

    /** The cutover records, as the replicas share them. */
    public CutoverRecords.Store cutoverRecords() {
        return new CutoverRecords.Store() {
            @Override
            public Map<String, CutoverRecord> load() {
                return write(c -> readRecords(read(c, "cutovers")));
            }

            @Override
            public Map<String, CutoverRecord> update(UnaryOperator<Map<String, CutoverRecord>> change) {
                return transform(
                        "cutovers",
                        text -> CutoverRecords.format(change.apply(readRecords(text))),
                        SharedState::readRecords);
            }
        };
    }

    private static Map<String, CutoverRecord> readRecords(String text) {
        return text == null ? Map.of() : CutoverRecords.parse(text, "in the shared state");
    }

    /** Each feature's migration progress, as the replicas share it. */
    public MigrationProgressRecords.Store migrationProgress() {
        return new MigrationProgressRecords.Store() {
            @Override
            public Map<String, MigrationProgress> load() {
                return write(c -> MigrationProgressRecords.readOrNone(read(c, "migrations"), "in the shared state"));
            }

            @Override
            public Map<String, MigrationProgress> update(UnaryOperator<Map<String, MigrationProgress>> change) {
                return transform(
                        "migrations",
                        text -> MigrationProgressRecords.format(
                                change.apply(MigrationProgressRecords.readOrNone(text, "in the shared state"))),
                        text -> MigrationProgressRecords.parse(text, "in the shared state"));
            }
        };
    }

    /**
     * The migration progress of a snapshot, or null to keep what this replica shows: a row it cannot read (written
     * by a newer gateway, say) must not count as a lost shared state, which would refuse writes.
     */
    private Map<String, MigrationProgress> readProgress(String text, Instant at) {
        if (text == null) {
            return Map.of();
        }
        try {
            return MigrationProgressRecords.parse(text, "in the shared state");
        } catch (IllegalStateException e) {
            if (!at.equals(unreadableMigrationsAt)) {
                unreadableMigrationsAt = at;
                log.warn("replica {}: {}; the status page keeps the progress it had", replicaId, e.getMessage());
            }
            return null;
        }
    }

    private <T> T transform(String key, Function<String, String> change, Function<String, T> parse) {
        Written<T> written = inTransaction(c -> {
            String before;
            // The row, made if missing, locked and read in one round trip (a change inside a hold makes three).
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + CONTROL
                            + " (key, value) VALUES (?, NULL) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING value")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    before = rs.getString(1);
                }
            }
            String after = change.apply(before);
            Instant at;
            // clock_timestamp(), taken under the row's lock: later for every later write of the key, whichever replica.
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + CONTROL
                    + " SET value = ?, updated_at = clock_timestamp() WHERE key = ? RETURNING updated_at")) {
                ps.setString(1, after);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    at = rs.getTimestamp(1).toInstant();
                }
            }
            notifyCaptured(c, key);
            return new Written<>(parse.apply(after), after, at);
        });
        // Committed: from now on a snapshot older than this write is stale here (see sync).
        writtenHere.merge(key, written.at(), (a, b) -> a.isAfter(b) ? a : b);
        Told told = changesNoticedLater.get();
        if (told != null) {
            told.control.put(key, new Told.Row(written.text(), written.at()));
        }
        return written.value();
    }

    private record Written<T>(T value, String text, Instant at) {}

    /**
     * What a {@link #noticedTogether} changed, told to the other replicas in its one notification: the last
     * value and version of each control row it wrote, and the holds it released. A change it cannot carry
     * (a hold taken, say) or one too large for a notification is told as before, without its content: the
     * followers read the whole state.
     */
    private static final class Told {
        boolean changed;
        /** Whether it made a change this does not carry. */
        boolean uncarried;

        final Map<String, Row> control = new LinkedHashMap<>();
        final List<Released> released = new ArrayList<>();

        record Row(String value, Instant at) {}

        record Released(String route, String hold) {}

        record Sent(Map<String, Row> control, List<Released> released) {}

        String notification() {
            return notification(released);
        }

        /** A notification's content, as one with a row and a release has it. */
        static String sample() {
            return JSON.writeValueAsString(
                    new Sent(Map.of("cutovers", new Row("{}", Instant.EPOCH)), List.of(new Released("route", "hold"))));
        }

        /** The notification of the control rows written so far with {@code released}. */
        String notification(List<Released> released) {
            if (uncarried) {
                return "changes";
            }
            String told = TOLD + JSON.writeValueAsString(new Sent(control, released));
            return told.getBytes(StandardCharsets.UTF_8).length <= MAX_NOTIFICATION_BYTES ? told : "changes";
        }
    }

    private static String read(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM " + CONTROL + " WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static OverrideStore.Saved readOverrides(String text) {
        return text == null ? OverrideStore.Saved.NONE : JSON.readValue(text, OverrideStore.Saved.class);
    }

    /**
     * Tells the other replicas the state changed (on commit, in a transaction), or, inside {@link
     * #noticedTogether}, once when its work is done.
     */
    private void notifyChange(Connection c, String what) throws SQLException {
        Told told = changesNoticedLater.get();
        if (told != null) {
            told.changed = true;
            told.uncarried = true;
            return;
        }
        notifyNow(c, what);
    }

    /** As {@link #notifyChange}, for a change its caller puts into the {@link Told} once committed. */
    private void notifyCaptured(Connection c, String what) throws SQLException {
        Told told = changesNoticedLater.get();
        if (told != null) {
            told.changed = true;
            return;
        }
        notifyNow(c, what);
    }

    private static void notifyNow(Connection c, String what) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, what);
            ps.execute();
        }
    }

    // ---- plumbing ----

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** As {@link #write}, in one transaction: committed when the work returns, rolled back when it throws. */
    private <T> T inTransaction(Work<T> work) {
        return write(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /** Runs on the writer connection (reconnecting once when it broke); a failure is the caller's error. */
    private synchronized <T> T write(Work<T> work) {
        for (int attempt = 0; ; attempt++) {
            try {
                if (writer == null || writer.isClosed()) {
                    writer = connect();
                }
                return work.run(writer);
            } catch (SQLException e) {
                close(writer);
                writer = null;
                if (attempt > 0) {
                    throw new IllegalStateException(
                            "the shared state at " + url + " cannot be reached: " + e.getMessage(), e);
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, user, password);
        c.setAutoCommit(true);
        return c;
    }

    private void createSchema() {
        write(c -> {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename IN ('" + CONTROL
                        + "', '" + HOLDS + "', '" + REPLICAS + "', '" + ACKS + "', '" + PINS + "')")) {
                    rs.next();
                    if (rs.getInt(1) == 5 && hasColumn(c, HOLDS, "granted") && hasColumn(c, HOLDS, "quiet_until")) {
                        c.commit();
                        return null; // created already (a replica's user need not be allowed to create tables)
                    }
                }
                // Two replicas starting at once must not both create the tables.
                s.execute("SELECT pg_advisory_xact_lock(hashtext('" + CONTROL + "'))");
                s.execute("CREATE TABLE IF NOT EXISTS " + CONTROL
                        + " (key text PRIMARY KEY, value text, updated_at timestamptz NOT NULL DEFAULT now())");
                s.execute("CREATE TABLE IF NOT EXISTS " + HOLDS
                        + " (route text PRIMARY KEY, hold_id text NOT NULL, expires_at timestamptz NOT NULL, "
                        + "held_by text, reason text, granted boolean NOT NULL DEFAULT false)");
                s.execute("ALTER TABLE " + HOLDS + " ADD COLUMN IF NOT EXISTS granted boolean NOT NULL DEFAULT false");
                // When the hold's quiet wait ends, and how long its gate may stay closed each time it closes.
                s.execute("ALTER TABLE " + HOLDS + " ADD COLUMN IF NOT EXISTS quiet_until timestamptz, "
                        + "ADD COLUMN IF NOT EXISTS limit_ms bigint");
                s.execute("CREATE TABLE IF NOT EXISTS " + REPLICAS
                        + " (replica text PRIMARY KEY, lease_until timestamptz NOT NULL, "
                        + "started_at timestamptz NOT NULL DEFAULT now())");
                s.execute("CREATE TABLE IF NOT EXISTS " + ACKS + " (hold_id text NOT NULL, replica text NOT NULL, "
                        + "drained_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (hold_id, replica))");
                s.execute("CREATE TABLE IF NOT EXISTS " + PINS
                        + " (caller text PRIMARY KEY, target text NOT NULL, service text, "
                        + "expires_at timestamptz NOT NULL)");
                s.execute("DELETE FROM " + ACKS + " a WHERE NOT EXISTS (SELECT 1 FROM " + HOLDS
                        + " h WHERE h.hold_id = a.hold_id) " + "AND a.drained_at < now() - interval '1 hour'");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return null;
        });
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = ?")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a broken connection
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        close(listener);
        synchronized (this) {
            close(writer);
        }
    }

    /** Marks that this replica follows the shared state (a bean, so it starts before the server does). */
    public record Following(String replicaId) {}
}
