package dev.strangler.gateway.admin;

import dev.strangler.gateway.api.BreakerView;
import dev.strangler.gateway.api.CutoverAction;
import dev.strangler.gateway.api.CutoverRecord;
import dev.strangler.gateway.api.CutoverRemoved;
import dev.strangler.gateway.api.CutoverStepRequest;
import dev.strangler.gateway.api.CutoverStepTaken;
import dev.strangler.gateway.api.HoldReleased;
import dev.strangler.gateway.api.HoldRequest;
import dev.strangler.gateway.api.KillSwitchState;
import dev.strangler.gateway.api.MigrationProgress;
import dev.strangler.gateway.api.MigrationRemoved;
import dev.strangler.gateway.api.ModeChange;
import dev.strangler.gateway.api.Reason;
import dev.strangler.gateway.api.RecordingRequest;
import dev.strangler.gateway.api.RecordingStatus;
import dev.strangler.gateway.api.RouteCounters;
import dev.strangler.gateway.api.RouteView;
import dev.strangler.gateway.api.StepOnGrant;
import dev.strangler.gateway.audit.AuditLog;
import dev.strangler.gateway.hold.CutoverRecords;
import dev.strangler.gateway.hold.HoldCoordinator;
import dev.strangler.gateway.hold.RouteHolds;
import dev.strangler.gateway.live.LiveRoutes;
import dev.strangler.gateway.metrics.ShadowResult;
import dev.strangler.gateway.metrics.StranglerMetrics;
import dev.strangler.gateway.progress.MigrationProgressRecords;
import dev.strangler.gateway.record.Recorder;
import dev.strangler.gateway.reload.RouteFileWatcher;
import dev.strangler.gateway.routing.LiveState;
import dev.strangler.gateway.routing.Mode;
import dev.strangler.gateway.routing.StrangledRoute;
import dev.strangler.gateway.routing.Target;
import dev.strangler.gateway.shadow.MismatchLog;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The admin API (its own port; see {@link AdminServer}). Every call needs {@code Authorization: Bearer <token>}:
 * the admin token may read and change, the read token only read. Requests and answers are the records of
 * {@code dev.strangler.gateway.api} (module {@code strangler-admin-api}), which the playbook's client reads too. Changes need a {@code reason} and are
 * audited with the caller ({@code X-Actor} header names a person or tool, recorded beside the token's role; it is
 * a label the caller claims, not an identity: anyone with the admin token may write any name there).
 *
 * <pre>
 * GET    /admin/routes                      routes with live mode, percent, override, counters
 * GET    /admin/routes/{id}                 one route
 * PUT    /admin/routes/{id}                 {"mode": "canary", "percent": 10, "reason": "..."}
 * DELETE /admin/routes/{id}/override?reason=...   back to the route file's mode
 * GET    /admin/routes/{id}/mismatches      the last shadow mismatches, both bodies
 * GET    /admin/routes/{id}/noise           the paths the route's shadow saw vary by themselves, and which it ignores
 * POST   /admin/routes/{id}/hold            {"reason", "limitMillis", "drainMillis", "quietMillis"}: hold new requests
 *                                           (after waiting, gate open, at most quietMillis for a quiet moment), answer once
 *                                           the ones in flight have finished (409 when they do not in time); with
 *                                           "recordOnGrant" {"cutover", "step"} it records that step once granted
 * DELETE /admin/routes/{id}/hold?reason=... release the held requests
 * GET    /admin/holds                       active holds with requests waiting and in flight
 * GET    /admin/breakers                    the circuit breakers (one per service, and the token exchange's)
 * GET    /admin/cutovers                    write cutovers under way, as their driver recorded them
 * GET    /admin/cutovers/{name}             one (404 when none is under way)
 * PUT    /admin/cutovers/{name}             {"direction", "routes", "step", "holding", "detail", "reason"}: record a step
 * POST   /admin/cutovers/{name}/steps       the same with "then" (flip-to-service, flip-to-monolith, release): record
 *                                           the step, then take it on every route of the cutover, in one call; a
 *                                           flip with "releaseStep" then records that step and releases too
 * DELETE /admin/cutovers/{name}?reason=...  the cutover is finished or undone
 * GET    /admin/migrations                  each feature's migration progress, sorted by feature
 * PUT    /admin/migrations/{feature}        {"feature", "routes", "writeRoutes", "step", "steps", "phase", "status",
 *                                           "since", "next", "lastGates", "streams", "ownership"}: the progress
 *                                           strangler migrate reports; not a routing change, so not audited
 * DELETE /admin/migrations/{feature}        forget a feature's progress
 * POST   /admin/kill-switch                 {"reason": "..."}: everything to the monolith now
 * DELETE /admin/kill-switch?reason=...      routing as configured again
 * GET    /admin/audit?limit=100             the audit log, oldest first
 * GET    /admin/reload                      the last route-file load: accepted or why not
 * POST   /admin/reload                      check the route file now
 * PUT    /admin/recording                   {"rate", "maxExchanges", "maxPerTemplate", "maxBodyBytes", "redactHeaders",
 *                                           "redactJsonFields", "routes", "callerKey", "reason"}: record sampled,
 *                                           redacted exchanges of this replica's traffic, in memory (409 when one is on)
 * GET    /admin/recording                   whether one is on, its settings, exchanges kept and skipped by reason
 * GET    /admin/recording/exchanges         the exchanges kept so far, redacted, in the order their requests started
 * DELETE /admin/recording?reason=...        stop it and drop what it kept: its last counts (404 when none is on)
 * </pre>
 */
public final class AdminApi {

    private static final String ROLE = "strangler.admin.role";

    private final LiveRoutes routes;
    private final AuditLog audit;
    private final MismatchLog mismatches;
    private final StranglerMetrics metrics;
    private final RouteHolds holds;
    private final HoldCoordinator coordinator;
    private final CutoverRecords cutovers;
    private final MigrationProgressRecords migrations;
    private final RouteFileWatcher watcher;
    private final CircuitBreakerRegistry breakers;
    private final Recorder recorder;
    private final byte[] writeToken;
    private final byte[] readToken;

    public AdminApi(
            LiveRoutes routes,
            AuditLog audit,
            MismatchLog mismatches,
            StranglerMetrics metrics,
            RouteHolds holds,
            HoldCoordinator coordinator,
            CutoverRecords cutovers,
            MigrationProgressRecords migrations,
            RouteFileWatcher watcher,
            CircuitBreakerRegistry breakers,
            Recorder recorder,
            String writeToken,
            String readToken) {
        this.breakers = breakers;
        this.recorder = recorder;
        this.holds = holds;
        this.coordinator = coordinator;
        this.cutovers = cutovers;
        this.migrations = migrations;
        this.routes = routes;
        this.audit = audit;
        this.mismatches = mismatches;
        this.metrics = metrics;
        this.watcher = watcher;
        this.writeToken = writeToken.getBytes(StandardCharsets.UTF_8);
        this.readToken = readToken == null || readToken.isBlank() ? null : readToken.getBytes(StandardCharsets.UTF_8);
    }

    public RouterFunction<ServerResponse> router() {
        return RouterFunctions.route()
                .GET("/admin/routes", r -> ok(routeList()))
                .GET("/admin/routes/{id}", r -> withRoute(r, route -> ok(view(routes.current(), route))))
                .GET("/admin/routes/{id}/mismatches", r -> withRoute(r, route -> ok(mismatches.recent(route.id()))))
                .GET(
                        "/admin/routes/{id}/noise",
                        r -> withRoute(r, route -> ok(mismatches.noise().paths(route.id()))))
                .GET("/admin/audit", r -> Mono.defer(() -> ok(audit.tail(auditLimit(r)))))
                .GET("/admin/reload", r -> ok(routes.lastReload()))
                .POST(
                        "/admin/reload",
                        r -> write(r, who -> {
                            if (watcher != null) {
                                watcher.checkNow();
                            }
                            return ok(routes.lastReload());
                        }))
                .PUT(
                        "/admin/routes/{id}",
                        r -> write(
                                r,
                                who -> withRoute(
                                        r,
                                        route -> body(r, ModeChange.class)
                                                .switchIfEmpty(Mono.error(new BadRequest(
                                                        "send {\"mode\": ..., \"percent\": ..., \"reason\": ...}")))
                                                .flatMap(change -> {
                                                    LiveState before = routes.current();
                                                    return ok(changed(
                                                            view(changeMode(route, change, who), route), before));
                                                }))))
                .DELETE(
                        "/admin/routes/{id}/override",
                        r -> write(
                                r,
                                who -> withRoute(r, route -> {
                                    LiveState before = routes.current();
                                    return ok(changed(
                                            view(
                                                    routes.clearOverride(
                                                            route.id(),
                                                            who,
                                                            reason(r.queryParam("reason")
                                                                    .orElse(null))),
                                                    route),
                                            before));
                                })))
                .GET("/admin/holds", r -> ok(holds.active()))
                .GET("/admin/breakers", r -> ok(breakerList()))
                .POST(
                        "/admin/routes/{id}/hold",
                        r -> write(
                                r,
                                who -> withRoute(
                                        r,
                                        route -> body(r, HoldRequest.class)
                                                .switchIfEmpty(Mono.error(
                                                        new BadRequest("send {\"reason\": ..., \"limitMillis\": ...}")))
                                                .flatMap(h -> hold(route, h, who)))))
                .DELETE(
                        "/admin/routes/{id}/hold",
                        r -> write(
                                r,
                                who -> withRoute(r, route -> {
                                    HoldReleased released = coordinator.release(
                                            route.id(),
                                            who,
                                            reason(r.queryParam("reason").orElse(null)));
                                    return released == null
                                            ? problem(HttpStatus.CONFLICT, "route " + route.id() + " is not held")
                                            : ok(released);
                                })))
                .GET("/admin/cutovers", r -> ok(cutovers.all()))
                .GET("/admin/cutovers/{name}", r -> {
                    CutoverRecord record = cutovers.get(r.pathVariable("name"));
                    return record == null
                            ? problem(HttpStatus.NOT_FOUND, "no cutover '" + r.pathVariable("name") + "' under way")
                            : ok(record);
                })
                .PUT(
                        "/admin/cutovers/{name}",
                        r -> write(
                                r,
                                who -> body(r, CutoverStepRequest.class)
                                        .switchIfEmpty(Mono.error(new BadRequest(
                                                "send {\"direction\", \"routes\", \"step\", \"holding\", \"reason\"}")))
                                        .flatMap(step -> {
                                            if (step.then() != null) {
                                                throw new BadRequest("PUT records a step only; to record it and take "
                                                        + "'then', POST /admin/cutovers/{name}/steps");
                                            }
                                            return ok(recordStep(r.pathVariable("name"), step, who));
                                        })))
                .POST(
                        "/admin/cutovers/{name}/steps",
                        r -> write(
                                r,
                                who -> body(r, CutoverStepRequest.class)
                                        .switchIfEmpty(Mono.error(new BadRequest(
                                                "send {\"direction\", \"routes\", \"step\", \"holding\", \"reason\", "
                                                        + "\"then\"}")))
                                        // The body comes off the event loop (see body): the step is taken on that
                                        // thread, without another hop while the writes wait.
                                        .map(step -> takeStep(r.pathVariable("name"), step, who))
                                        .flatMap(AdminApi::ok)))
                .DELETE(
                        "/admin/cutovers/{name}",
                        r -> write(r, who -> {
                            boolean removed = cutovers.remove(
                                    r.pathVariable("name"),
                                    who,
                                    reason(r.queryParam("reason").orElse(null)));
                            return removed
                                    ? ok(new CutoverRemoved(r.pathVariable("name"), true))
                                    : problem(
                                            HttpStatus.NOT_FOUND,
                                            "no cutover '" + r.pathVariable("name") + "' under way");
                        }))
                .GET("/admin/migrations", r -> ok(migrations.all()))
                .PUT(
                        "/admin/migrations/{feature}",
                        r -> write(
                                r,
                                who -> body(r, MigrationProgress.class)
                                        .switchIfEmpty(Mono.error(new BadRequest("send the feature's progress: "
                                                + "{\"feature\", \"routes\", \"step\", \"steps\", \"phase\", "
                                                + "\"status\", \"next\", ...}")))
                                        .flatMap(progress -> Mono.fromCallable(
                                                        () -> reportProgress(r.pathVariable("feature"), progress))
                                                .subscribeOn(Schedulers.boundedElastic()))
                                        .flatMap(AdminApi::ok)))
                .DELETE(
                        "/admin/migrations/{feature}",
                        r -> write(
                                r,
                                who -> Mono.fromCallable(() -> migrations.remove(r.pathVariable("feature")))
                                        .subscribeOn(Schedulers.boundedElastic())
                                        .flatMap(removed -> removed
                                                ? ok(new MigrationRemoved(r.pathVariable("feature"), true))
                                                : problem(
                                                        HttpStatus.NOT_FOUND,
                                                        "no progress of '" + r.pathVariable("feature")
                                                                + "' reported"))))
                .POST(
                        "/admin/kill-switch",
                        r -> write(
                                r,
                                who -> body(r, Reason.class)
                                        .defaultIfEmpty(new Reason(null))
                                        .flatMap(reason ->
                                                ok(killSwitch(routes.killSwitch(true, who, reason(reason.reason())))))))
                .DELETE(
                        "/admin/kill-switch",
                        r -> write(
                                r,
                                who -> ok(killSwitch(routes.killSwitch(
                                        false,
                                        who,
                                        reason(r.queryParam("reason").orElse(null)))))))
                .GET("/admin/recording", r -> ok(recorder.status()))
                .GET("/admin/recording/exchanges", r -> Mono.defer(() -> ok(recorder.exchanges())))
                .PUT(
                        "/admin/recording",
                        r -> write(
                                r,
                                who -> body(r, RecordingRequest.class)
                                        .switchIfEmpty(Mono.error(new BadRequest(
                                                "send {\"rate\": ..., \"maxExchanges\": ..., \"reason\": ...}")))
                                        .flatMap(start -> Mono.fromCallable(() -> startRecording(start, who))
                                                .subscribeOn(Schedulers.boundedElastic()))
                                        .flatMap(AdminApi::ok)))
                .DELETE(
                        "/admin/recording",
                        r -> write(r, who -> {
                            String reason = reason(r.queryParam("reason").orElse(null));
                            return Mono.fromCallable(() -> stopRecording(who, reason))
                                    .subscribeOn(Schedulers.boundedElastic())
                                    .flatMap(AdminApi::ok)
                                    .switchIfEmpty(
                                            Mono.defer(() -> problem(HttpStatus.NOT_FOUND, "no recording is on")));
                        }))
                .filter(authentication())
                .onError(BadRequest.class, (e, r) -> problem(HttpStatus.BAD_REQUEST, e.getMessage()))
                .onError(NotFound.class, (e, r) -> problem(HttpStatus.NOT_FOUND, e.getMessage()))
                .onError(
                        NumberFormatException.class,
                        (e, r) -> problem(HttpStatus.BAD_REQUEST, "not a number: " + e.getMessage()))
                .onError(
                        ServerWebInputException.class,
                        (e, r) -> problem(HttpStatus.BAD_REQUEST, "unreadable body: " + unreadable(e)))
                .onError(
                        DataBufferLimitException.class,
                        (e, r) -> problem(HttpStatus.CONTENT_TOO_LARGE, "the body is too large: " + e.getMessage()))
                .onError(Recorder.AlreadyRecording.class, (e, r) -> problem(HttpStatus.CONFLICT, e.getMessage()))
                .onError(
                        MigrationProgressRecords.TooManyFeatures.class,
                        (e, r) -> problem(HttpStatus.CONFLICT, e.getMessage()))
                .build();
    }

    /** Starts a recording on this replica, audited like a change of routing: it decides what the gateway keeps. */
    private RecordingStatus startRecording(RecordingRequest start, String who) {
        String reason = reason(start.reason());
        RecordingStatus status;
        try {
            status = recorder.start(
                    start,
                    routes.current().table().routes().stream()
                            .map(StrangledRoute::id)
                            .toList());
        } catch (Recorder.AlreadyRecording e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        audit.record(who, "api", "*", "recording off", describe(status), reason);
        return status;
    }

    /** Stops the recording and drops its exchanges: its last counts, or null when none was on. */
    private RecordingStatus stopRecording(String who, String reason) {
        RecordingStatus last = recorder.stop();
        if (last != null) {
            audit.record(
                    who,
                    "api",
                    "*",
                    "recording on since " + last.startedAt(),
                    "recording off (" + last.recorded() + " exchanges recorded, dropped)",
                    reason);
        }
        return last;
    }

    private static String describe(RecordingStatus s) {
        return "recording on (rate " + s.rate() + ", at most " + s.maxExchanges() + " exchanges, "
                + s.maxPerTemplate() + " per template, bodies up to " + s.maxBodyBytes() + " bytes"
                + (s.routes().isEmpty() ? "" : ", routes " + s.routes()) + ")";
    }

    /**
     * Keeps a feature's progress as its driver reports it: checked first, every problem at once. Not audited: it
     * changes no routing, and a driver reports on every change of its gates.
     */
    private MigrationProgress reportProgress(String feature, MigrationProgress progress) {
        List<String> problems = MigrationProgressCheck.problems(feature, progress);
        if (!problems.isEmpty()) {
            throw new BadRequest("the migration progress is not accepted: " + String.join("; ", problems));
        }
        return migrations.put(progress);
    }

    /**
     * Why a body could not be read, naming the field when the JSON parser does ({@code Cannot deserialize value of
     * type `int` from String "two" ... MigrationProgress["step"]}), rather than only "Failed to read HTTP message".
     */
    private static String unreadable(ServerWebInputException e) {
        Throwable cause = e.getMostSpecificCause();
        String message = cause == e || cause.getMessage() == null ? e.getMessage() : cause.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    /** Most audit entries one call returns. */
    static final int MAX_AUDIT_LIMIT = 10_000;

    private static int auditLimit(ServerRequest request) {
        String limit = request.queryParam("limit").orElse("100");
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX_AUDIT_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("limit must be between 1 and " + MAX_AUDIT_LIMIT + " (was '" + limit + "')");
    }

    /** Longest hold the API grants: writes wait this long at most, whatever happens to the caller. */
    static final long MAX_HOLD_MILLIS = 60_000;

    private Mono<ServerResponse> hold(StrangledRoute route, HoldRequest h, String who) {
        long limit = h.limitMillis() == null ? 5_000 : h.limitMillis();
        if (limit < 1 || limit > MAX_HOLD_MILLIS) {
            throw new BadRequest("limitMillis must be between 1 and " + MAX_HOLD_MILLIS + " (was " + limit + ")");
        }
        long drain = h.drainMillis() == null ? Math.max(1, limit / 2) : h.drainMillis();
        if (drain < 1 || drain >= limit) {
            throw new BadRequest(
                    "drainMillis must be at least 1 and below limitMillis " + limit + " (was " + drain + ")");
        }
        Duration quiet = h.quietMillis() == null
                ? RouteHolds.quietBudget(Duration.ofMillis(limit), Duration.ofMillis(drain))
                : Duration.ofMillis(h.quietMillis());
        if (quiet.isNegative() || quiet.toMillis() > MAX_HOLD_MILLIS) {
            throw new BadRequest(
                    "quietMillis must be between 0 and " + MAX_HOLD_MILLIS + " (was " + h.quietMillis() + ")");
        }
        StepOnGrant onGrant = h.recordOnGrant();
        if (onGrant != null) {
            if (onGrant.cutover() == null || onGrant.cutover().isBlank() || onGrant.step() == null) {
                throw new BadRequest("recordOnGrant needs the cutover's name and the step to record");
            }
            validStep(onGrant.step()); // before anything is held
        }
        return coordinator
                .hold(route.id(), Duration.ofMillis(limit), Duration.ofMillis(drain), quiet, who, reason(h.reason()))
                // The step after the hold, recorded in this call: one round trip less while the writes wait. A
                // failure answers an error with the hold in place, which the driver undoes as a failed hold.
                .flatMap(granted -> onGrant == null
                        ? Mono.just(granted)
                        : mayBlockHere(() -> granted.withRecorded(recordStep(onGrant.cutover(), onGrant.step(), who))))
                .flatMap(AdminApi::ok)
                .switchIfEmpty(
                        Mono.defer(() -> problem(HttpStatus.CONFLICT, "route " + route.id() + " is held already")))
                .onErrorResume(RouteHolds.DrainTimedOut.class, e -> problem(HttpStatus.CONFLICT, e.getMessage()));
    }

    private CutoverRecord recordStep(String name, CutoverStepRequest s, String who) {
        validStep(s);
        return cutovers.put(name, s.direction(), s.routes(), s.step(), s.holding(), s.detail(), who);
    }

    private void validStep(CutoverStepRequest s) {
        reason(s.reason());
        if (s.direction() == null
                || s.direction().isBlank()
                || s.step() == null
                || s.step().isBlank()
                || s.holding() == null) {
            throw new BadRequest("direction, step and holding are required");
        }
        if (s.routes() == null || s.routes().isEmpty()) {
            throw new BadRequest("routes must name at least one route");
        }
        List<String> unknown = s.routes().stream()
                .filter(id -> routes.current().table().route(id) == null)
                .toList();
        if (!unknown.isEmpty()) {
            throw new BadRequest("unknown route(s) " + unknown + "; routes: "
                    + routes.current().table().routes().stream()
                            .map(StrangledRoute::id)
                            .toList());
        }
    }

    /**
     * Records the step, then takes its action on the gateway: one call where the driver would need two
     * inside its hold. Recorded first, so a gateway that dies in between leaves the step recorded and not
     * (or not wholly) taken, which the driver takes again: flipping and releasing are idempotent.
     */
    private CutoverStepTaken takeStep(String name, CutoverStepRequest s, String who) {
        if (s.then() == null) {
            throw new BadRequest("then is required: one of flip-to-service, flip-to-monolith, release");
        }
        String reason = reason(s.reason());
        boolean flip = s.then() != CutoverAction.RELEASE;
        if (s.releaseStep() != null && (!flip || s.releaseStep().isBlank())) {
            throw new BadRequest("releaseStep names the step that releases after a flip: only with flip-to-service "
                    + "or flip-to-monolith, and not blank");
        }
        // The other replicas learn of the flip, the records and the release at once, at the end: they flip and
        // release in one step, and sooner.
        long start = System.nanoTime();
        Map<String, Long> took = new LinkedHashMap<>();
        CutoverStepTaken taken = coordinator.noticedTogether(() -> recordAndTake(name, s, who, reason, took));
        long total = millisSince(start);
        took.put(
                "tell",
                Math.max(
                        0,
                        total
                                - took.values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum()));
        took.put("total", total);
        return new CutoverStepTaken(taken.record(), taken.routes(), taken.released(), took);
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    /** As {@link #takeStep}, putting how long each part took into {@code took} ({@link CutoverStepTaken#TOOK_PARTS}). */
    private CutoverStepTaken recordAndTake(
            String name, CutoverStepRequest s, String who, String reason, Map<String, Long> took) {
        long start = System.nanoTime();
        CutoverRecord record = recordStep(name, s, who);
        took.put("record", millisSince(start));
        start = System.nanoTime();
        List<RouteView> flipped = new ArrayList<>();
        List<HoldReleased> released = new ArrayList<>();
        for (String id : s.routes()) {
            StrangledRoute route = routes.current().table().route(id);
            switch (s.then()) {
                case FLIP_TO_SERVICE, FLIP_TO_MONOLITH -> {
                    Mode mode = s.then() == CutoverAction.FLIP_TO_SERVICE ? Mode.SERVICE : Mode.MONOLITH;
                    LiveState before = routes.current();
                    flipped.add(changed(
                            view(changeMode(route, new ModeChange(mode.yamlName(), null, reason), who), route),
                            before));
                }
                case RELEASE -> release(id, who, reason, released);
            }
        }
        took.put(s.then() == CutoverAction.RELEASE ? "release" : "flip", millisSince(start));
        if (s.releaseStep() != null) {
            start = System.nanoTime();
            // Every route flipped (and live on every replica before its release, which the state orders): the
            // release, recorded first as its own step.
            record = recordStep(
                    name,
                    new CutoverStepRequest(s.direction(), s.routes(), s.releaseStep(), false, s.detail(), s.reason()),
                    who);
            for (String id : s.routes()) {
                release(id, who, reason, released);
            }
            took.put("release", millisSince(start));
        }
        return new CutoverStepTaken(record, flipped, released);
    }

    private void release(String routeId, String who, String reason, List<HoldReleased> released) {
        HoldReleased r = coordinator.release(routeId, who, reason);
        if (r != null) {
            released.add(r);
        }
    }

    private LiveState changeMode(StrangledRoute route, ModeChange change, String who) {
        if (change.mode() == null) {
            throw new BadRequest("mode is required: one of monolith, shadow, canary, service");
        }
        Mode mode;
        try {
            mode = Mode.parse(change.mode());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("mode must be one of monolith, shadow, canary, service (was '" + change.mode() + "')");
        }
        Integer basisPoints = null;
        if (change.percent() != null) {
            double p = change.percent();
            if (p < 0 || p > 100 || Math.abs(p * 100 - Math.rint(p * 100)) > 1e-6) {
                throw new BadRequest("percent must be between 0 and 100 with at most two decimals (was " + p + ")");
            }
            basisPoints = (int) Math.rint(p * 100);
        } else if (mode == Mode.CANARY
                && routes.current().modeOf(route) != Mode.CANARY
                && route.mode() != Mode.CANARY) {
            throw new BadRequest("percent is required when switching to canary");
        }
        if (mode != Mode.MONOLITH && route.service() == null) {
            throw new BadRequest("route " + route.id() + " names no service; it can only be in mode monolith");
        }
        return routes.setMode(route.id(), mode, basisPoints, who, reason(change.reason()));
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new BadRequest("a reason is required: it goes into the audit log");
        }
        return reason;
    }

    private List<BreakerView> breakerList() {
        return breakers.getAllCircuitBreakers().stream()
                .sorted(Comparator.comparing(CircuitBreaker::getName))
                .map(b -> {
                    CircuitBreaker.Metrics m = b.getMetrics();
                    return new BreakerView(
                            b.getName(),
                            b.getState().name(),
                            m.getFailureRate(),
                            m.getNumberOfBufferedCalls(),
                            m.getNumberOfFailedCalls(),
                            m.getNumberOfNotPermittedCalls());
                })
                .toList();
    }

    private List<RouteView> routeList() {
        LiveState state = routes.current();
        List<RouteView> out = new ArrayList<>();
        for (StrangledRoute route : state.table().routes()) {
            out.add(view(state, route));
        }
        return out;
    }

    /** A change's answer: the route as it is now, and whether the change changed anything (false: nothing to do, not audited). */
    private static RouteView changed(RouteView view, LiveState before) {
        return view.withChanged(view.tableVersion() != before.version());
    }

    private RouteView view(LiveState state, StrangledRoute route) {
        Mode mode = state.killSwitch() ? Mode.MONOLITH : state.modeOf(route);
        // The share of requests the service answers now: a canary percent kept from before does not count.
        double percent = switch (mode) {
            case CANARY -> state.percentOf(route) / 100.0;
            case SERVICE -> 100.0;
            case MONOLITH, SHADOW -> 0.0;
        };
        RouteCounters counters = new RouteCounters(
                metrics.requests(route.id(), Target.MONOLITH.tag()),
                metrics.requests(route.id(), Target.SERVICE.tag()),
                metrics.fallbacks(route.id()),
                metrics.shadowResults(route.id(), ShadowResult.MATCH.tag()),
                metrics.shadowResults(route.id(), ShadowResult.MISMATCH.tag()),
                metrics.shadowResults(route.id(), ShadowResult.DROPPED.tag()),
                metrics.shadowResults(route.id(), ShadowResult.ERROR.tag()));
        return new RouteView(
                route.id(),
                route.service(),
                route.methods().stream().map(m -> m.name()).sorted().toList(),
                route.paths().stream().map(p -> p.getPatternString()).toList(),
                mode.yamlName(),
                percent,
                route.mode().yamlName(),
                state.overrides().containsKey(route.id()),
                state.killSwitch(),
                state.version(),
                counters,
                null);
    }

    private static KillSwitchState killSwitch(LiveState state) {
        return new KillSwitchState(state.killSwitch(), state.version());
    }

    private Mono<ServerResponse> withRoute(ServerRequest request, Function<StrangledRoute, Mono<ServerResponse>> f) {
        String id = request.pathVariable("id");
        StrangledRoute route = routes.current().table().route(id);
        if (route == null) {
            return Mono.error(new NotFound("no route '" + id + "'; routes: "
                    + routes.current().table().routes().stream()
                            .map(StrangledRoute::id)
                            .toList()));
        }
        return f.apply(route);
    }

    private Mono<ServerResponse> write(ServerRequest request, Function<String, Mono<ServerResponse>> f) {
        if (!"write".equals(request.attribute(ROLE).orElse(null))) {
            return problem(HttpStatus.FORBIDDEN, "this token may only read; changes need the admin token");
        }
        String actor = request.headers().firstHeader("X-Actor");
        String who = "admin" + (actor == null || actor.isBlank() ? "" : " (" + actor.strip() + ")");
        // A change may block (the shared state's database, the audit log's fsync): never on an event loop, which
        // serves other connections too (the admin port's, and in one process the gateway's own). The body, too, is
        // delivered off the loop (see body).
        return Mono.defer(() -> f.apply(who)).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Blocking work, run on this thread unless it is an event loop (or another thread that must not block), then on
     * a worker: a hold granted by the shared state is granted on a worker already, one granted by this replica alone
     * on the event loop that finished its last request in flight; a thread hop costs its wait on a busy machine.
     */
    private static <T> Mono<T> mayBlockHere(Callable<T> work) {
        Mono<T> run = Mono.fromCallable(work);
        return Schedulers.isInNonBlockingThread() ? run.subscribeOn(Schedulers.boundedElastic()) : run;
    }

    /** A request's body, delivered off the event loop: what a change does with it may block. */
    private static <T> Mono<T> body(ServerRequest request, Class<T> type) {
        return request.bodyToMono(type).publishOn(Schedulers.boundedElastic());
    }

    private HandlerFilterFunction<ServerResponse, ServerResponse> authentication() {
        return (request, next) -> {
            String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return unauthorized("send 'Authorization: Bearer <admin token>'");
            }
            byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(presented, writeToken)) {
                request.attributes().put(ROLE, "write");
            } else if (readToken != null && MessageDigest.isEqual(presented, readToken)) {
                request.attributes().put(ROLE, "read");
            } else {
                return unauthorized("the token is not valid");
            }
            return next.handle(request);
        };
    }

    private static Mono<ServerResponse> unauthorized(String detail) {
        return ServerResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"strangler-admin\"")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail));
    }

    private static Mono<ServerResponse> problem(HttpStatus status, String detail) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(ProblemDetail.forStatusAndDetail(status, detail));
    }

    private static Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
