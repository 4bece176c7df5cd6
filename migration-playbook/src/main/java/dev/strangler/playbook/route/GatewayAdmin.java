package dev.strangler.playbook.route;

import dev.strangler.gateway.api.AuditEntry;
import dev.strangler.gateway.api.CutoverAction;
import dev.strangler.gateway.api.CutoverRecord;
import dev.strangler.gateway.api.CutoverRemoved;
import dev.strangler.gateway.api.CutoverStepRequest;
import dev.strangler.gateway.api.CutoverStepTaken;
import dev.strangler.gateway.api.HoldGranted;
import dev.strangler.gateway.api.HoldOutcome;
import dev.strangler.gateway.api.HoldReleased;
import dev.strangler.gateway.api.HoldRequest;
import dev.strangler.gateway.api.MigrationProgress;
import dev.strangler.gateway.api.MigrationRemoved;
import dev.strangler.gateway.api.ModeChange;
import dev.strangler.gateway.api.RecordedExchange;
import dev.strangler.gateway.api.RecordingRequest;
import dev.strangler.gateway.api.RecordingStatus;
import dev.strangler.gateway.api.RouteCounters;
import dev.strangler.gateway.api.RouteView;
import dev.strangler.gateway.api.ShadowMismatch;
import dev.strangler.gateway.api.StepOnGrant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The strangler gateway's admin API, as the playbook drives it: route modes, holds, counters.
 * Every change carries a reason (it goes into the gateway's audit log) and the actor "strangler".
 * Requests and answers are the gateway's own records ({@code dev.strangler.gateway.api}, module
 * {@code strangler-admin-api}), as Kafka Connect's test client uses its server's REST entities.
 *
 * <p>The calls go through the JDK's {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: a cutover's
 * grant and flip cross here while the routes' writes wait, in a command that has just started, and there the
 * simpler client answers in a third to a half of the time (a fresh JVM against the sandbox's gateway, calls two
 * to six: 3-12 ms against 8.5-32 ms). Connections are kept alive between calls, and a POST is never sent twice
 * on its own (see the static initialiser).
 */
public final class GatewayAdmin {

    static {
        // The JDK's HttpURLConnection sends a POST again, by itself, when a kept-alive connection fails before the
        // answer: the gateway may have taken the first (a hold). Only the caller decides on a second try.
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    /** A field a newer gateway adds to an answer is ignored, not an error. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final String token;

    public GatewayAdmin(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The admin API's address. */
    public URI base() {
        return base;
    }

    /** Starts recording this replica's traffic (409, {@link Refused}, when one is on already). */
    public RecordingStatus startRecording(RecordingRequest request) {
        return call("PUT", "/admin/recording", request, RecordingStatus.class);
    }

    /** Whether this replica records, and how many exchanges it kept and skipped. */
    public RecordingStatus recording() {
        return call("GET", "/admin/recording", null, RecordingStatus.class);
    }

    /** The redacted exchanges this replica recorded so far, in the order their requests started. */
    public List<RecordedExchange> recordedExchanges() {
        return JSON.readValue(
                send("GET", "/admin/recording/exchanges", null, Duration.ofSeconds(60)),
                new TypeReference<List<RecordedExchange>>() {});
    }

    /** Stops the recording and drops what it kept: its last counts (404, {@link Refused}, when none was on). */
    public RecordingStatus stopRecording(String reason) {
        return call(
                "DELETE",
                "/admin/recording?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8),
                null,
                RecordingStatus.class);
    }

    /** Every route with its live mode and counters. */
    public List<RouteView> routes() {
        return call("GET", "/admin/routes", null, new TypeReference<List<RouteView>>() {});
    }

    public RouteView route(String id) {
        return call("GET", "/admin/routes/" + id, null, RouteView.class);
    }

    /** The route's last shadow mismatches, with both answers, newest first. */
    public List<ShadowMismatch> mismatches(String id) {
        return call("GET", "/admin/routes/" + id + "/mismatches", null, new TypeReference<List<ShadowMismatch>>() {});
    }

    /** The newest {@code limit} entries of the gateway's audit log (every change of routing and every hold), oldest first. */
    public List<AuditEntry> audit(int limit) {
        return call("GET", "/admin/audit?limit=" + limit, null, new TypeReference<List<AuditEntry>>() {});
    }

    /**
     * Sets a route's mode ({@code monolith}, {@code shadow}, {@code canary} with a percent, {@code service}); the
     * answer is the route as it is now, with {@link RouteView#changed()}.
     */
    public RouteView setMode(String id, RouteMode mode, Double percent, String reason) {
        return call("PUT", "/admin/routes/" + id, new ModeChange(mode.wire(), percent, reason), RouteView.class);
    }

    /**
     * Holds a route's requests in the gateway until {@link #release} or the limit; returns once the
     * requests admitted before have finished (how long that took, and how many there were), and fails
     * when they do not within {@code drain} (the gateway then withdraws the hold).
     */
    public HoldGranted hold(String id, Duration limit, Duration drain, String reason) {
        return call(
                "POST",
                "/admin/routes/" + id + "/hold",
                new HoldRequest(reason, limit.toMillis(), drain.toMillis()),
                drain.plusSeconds(10),
                HoldGranted.class);
    }

    /**
     * As {@link #hold(String, Duration, Duration, String)}, waiting, gate open, at most {@code quiet} for a
     * moment with none of the route's requests in flight before it closes the gate; the drain may then take
     * what is left of {@code quiet} plus {@code drain}.
     */
    public HoldGranted hold(String id, Duration limit, Duration drain, Duration quiet, String reason) {
        return hold(id, limit, drain, quiet, reason, null);
    }

    /**
     * As {@link #hold(String, Duration, Duration, Duration, String)}, and once granted the gateway records {@code
     * onGrant} (when not null) before it answers: {@link HoldGranted#recorded} is that record, or null from a gateway
     * that does not record on a grant.
     */
    public HoldGranted hold(
            String id, Duration limit, Duration drain, Duration quiet, String reason, StepOnGrant onGrant) {
        return call(
                "POST",
                "/admin/routes/" + id + "/hold",
                new HoldRequest(reason, limit.toMillis(), drain.toMillis(), quiet.toMillis(), onGrant),
                quiet.plus(drain).plusSeconds(10),
                HoldGranted.class);
    }

    /** The write cutover recorded under this name, or null when none is under way. */
    public CutoverRecord cutover(String name) {
        List<CutoverRecord> all = call("GET", "/admin/cutovers", null, new TypeReference<List<CutoverRecord>>() {});
        return all.stream().filter(c -> name.equals(c.name())).findFirst().orElse(null);
    }

    /** Records the step a write cutover is about to take (durably, in the gateway) before it takes it. */
    public CutoverRecord recordCutover(
            String name,
            String direction,
            List<String> routes,
            String step,
            boolean holding,
            Map<String, String> detail,
            String reason) {
        return call(
                "PUT",
                "/admin/cutovers/" + name,
                new CutoverStepRequest(direction, routes, step, holding, detail, reason),
                CutoverRecord.class);
    }

    /**
     * Records the step a write cutover is about to take and takes it on the gateway, in one call: flips
     * every route of the cutover, or releases their holds; after a flip, with {@code releaseStep} (else
     * null), records that step too and releases.
     */
    public CutoverStepTaken takeCutoverStep(
            String name,
            String direction,
            List<String> routes,
            String step,
            boolean holding,
            Map<String, String> detail,
            String reason,
            CutoverAction then,
            String releaseStep) {
        return call(
                "POST",
                "/admin/cutovers/" + name + "/steps",
                new CutoverStepRequest(direction, routes, step, holding, detail, reason, then, releaseStep),
                CutoverStepTaken.class);
    }

    /** Forgets a finished or undone write cutover. */
    public void removeCutover(String name, String reason) {
        call(
                "DELETE",
                "/admin/cutovers/" + name + "?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8),
                null,
                CutoverRemoved.class);
    }

    /**
     * Reports where a feature's migration stands, for the gateway's status page (shared by every replica); the
     * answer is what the gateway keeps, {@link MigrationProgress#updatedAt()} stamped by it. Not audited: it changes
     * no routing.
     */
    public MigrationProgress putMigration(MigrationProgress progress) {
        return call("PUT", "/admin/migrations/" + progress.feature(), progress, MigrationProgress.class);
    }

    /** Every feature's migration progress the gateway was told, sorted by feature. */
    public List<MigrationProgress> migrations() {
        return call("GET", "/admin/migrations", null, new TypeReference<List<MigrationProgress>>() {});
    }

    /** Forgets a feature's migration progress (the gateway then no longer shows it); 404 (Refused) when it had none. */
    public void removeMigration(String feature) {
        call("DELETE", "/admin/migrations/" + feature, null, MigrationRemoved.class);
    }

    /** Releases a held route: how long it was held, and how many requests waited. */
    public HoldReleased release(String id, String reason) {
        return call(
                "DELETE",
                "/admin/routes/" + id + "/hold?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8),
                null,
                HoldReleased.class);
    }

    /**
     * Prepares what the calls of a cutover's steps need the first time they run in this process: Jackson
     * builds the reader and writer of each request and answer type on first use, which in a command that
     * has just started takes tens of milliseconds, and inside a hold the writes would wait for it.
     */
    public void prepareCutoverCalls() {
        CutoverRecord record = new CutoverRecord(
                "c", "cutover", List.of("r"), "flipping", true, Map.of("k", "v"), Instant.EPOCH, Instant.EPOCH, "a");
        RouteView route = new RouteView(
                "r",
                "s",
                List.of("PATCH"),
                List.of("/p"),
                "service",
                100,
                "monolith",
                true,
                false,
                1,
                new RouteCounters(0, 0, 0, 0, 0, 0, 0),
                true);
        HoldReleased released = new HoldReleased("r", Instant.EPOCH, 1, 1, HoldOutcome.RELEASED);
        JSON.readValue(
                JSON.writeValueAsString(new CutoverStepTaken(record, List.of(route), List.of(released))),
                CutoverStepTaken.class);
        JSON.readValue(JSON.writeValueAsString(record), CutoverRecord.class);
        JSON.readValue(JSON.writeValueAsString(released), HoldReleased.class);
        JSON.readValue(JSON.writeValueAsString(new HoldGranted("r", 1, 1, 1, 1, 1L)), HoldGranted.class);
        JSON.writeValueAsString(new CutoverStepRequest(
                "cutover", List.of("r"), "flipping", true, Map.of(), "r", CutoverAction.FLIP_TO_SERVICE, "releasing"));
    }

    private <T> T call(String method, String path, Object body, Class<T> answer) {
        return JSON.readValue(send(method, path, body, Duration.ofSeconds(10)), answer);
    }

    private <T> T call(String method, String path, Object body, TypeReference<T> answer) {
        return JSON.readValue(send(method, path, body, Duration.ofSeconds(10)), answer);
    }

    private <T> T call(String method, String path, Object body, Duration timeout, Class<T> answer) {
        return JSON.readValue(send(method, path, body, timeout), answer);
    }

    /** The answer's body; an error status is thrown as {@link Refused}, with the problem's detail. */
    private String send(String method, String path, Object body, Duration timeout) {
        int status;
        String answer;
        try {
            HttpURLConnection c = (HttpURLConnection) base.resolve(path).toURL().openConnection();
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) Math.max(1, timeout.toMillis()));
            c.setRequestMethod(method);
            // As before (java.net.http never followed one): a redirect is an answer the caller sees, not a new call.
            c.setInstanceFollowRedirects(false);
            c.setRequestProperty("Authorization", "Bearer " + token);
            c.setRequestProperty("X-Actor", "strangler");
            c.setRequestProperty("Accept", "application/json");
            if (body != null) {
                // Buffered by the connection (no streaming mode), so the headers and the body leave in one write.
                byte[] bytes = JSON.writeValueAsBytes(body);
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
            }
            status = c.getResponseCode();
            // Read to the end, error or not, so that the connection is kept for the next call.
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the gateway admin API at " + base + " cannot be reached: " + e.getMessage(), e);
        }
        if (status / 100 != 2) {
            String detail = answer;
            try {
                detail = JSON.readTree(answer).path("detail").asString(answer);
            } catch (RuntimeException ignored) {
                // not a problem document: show the body as it is
            }
            throw new Refused("gateway admin " + method + " " + path + " refused (" + status + "): " + detail, status);
        }
        return answer;
    }

    /** The admin API answered with an error status. */
    public static final class Refused extends IllegalStateException {
        private final int status;

        Refused(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
