package dev.strangler.playbook.route;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The strangler gateway's admin API, as the playbook drives it: route modes, holds, counters.
 * Every change carries a reason (it goes into the gateway's audit log) and the actor "strangler".
 */
public final class GatewayAdmin {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public GatewayAdmin(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Every route with its live mode and counters. */
    public JsonNode routes() {
        return call("GET", "/admin/routes", null);
    }

    public JsonNode route(String id) {
        return call("GET", "/admin/routes/" + id, null);
    }

    /** The route's last shadow mismatches, with both answers. */
    public JsonNode mismatches(String id) {
        return call("GET", "/admin/routes/" + id + "/mismatches", null);
    }

    /** The newest {@code limit} entries of the gateway's audit log (every change of routing and every hold), oldest first. */
    public JsonNode audit(int limit) {
        return call("GET", "/admin/audit?limit=" + limit, null);
    }

    /** Sets a route's mode ({@code monolith}, {@code shadow}, {@code canary} with a percent, {@code service}). */
    public JsonNode setMode(String id, String mode, Double percent, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", mode);
        if (percent != null) {
            body.put("percent", percent);
        }
        body.put("reason", reason);
        return call("PUT", "/admin/routes/" + id, body);
    }

    /**
     * Holds a route's requests in the gateway until {@link #release} or the limit; returns once the
     * requests admitted before have finished (the answer has {@code drainMillis} and
     * {@code inFlightAtStart}), and fails when they do not within {@code drain} (the gateway then
     * withdraws the hold).
     */
    public JsonNode hold(String id, Duration limit, Duration drain, String reason) {
        return call("POST", "/admin/routes/" + id + "/hold", Map.of("reason", reason, "limitMillis", limit.toMillis(),
                "drainMillis", drain.toMillis()), drain.plusSeconds(10));
    }

    /** The write cutover recorded under this name, or null when none is under way. */
    public JsonNode cutover(String name) {
        JsonNode all = call("GET", "/admin/cutovers", null);
        for (JsonNode c : all) {
            if (name.equals(c.path("name").asString())) {
                return c;
            }
        }
        return null;
    }

    /** Records the step a write cutover is about to take (durably, in the gateway) before it takes it. */
    public JsonNode recordCutover(String name, String direction, java.util.List<String> routes, String step, boolean holding,
            Map<String, String> detail, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("direction", direction);
        body.put("routes", routes);
        body.put("step", step);
        body.put("holding", holding);
        body.put("detail", detail);
        body.put("reason", reason);
        return call("PUT", "/admin/cutovers/" + name, body);
    }

    /** Forgets a finished or undone write cutover. */
    public void removeCutover(String name, String reason) {
        call("DELETE", "/admin/cutovers/" + name + "?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8), null);
    }

    /** Releases a held route; the answer has {@code heldMillis} and {@code requestsHeld}. */
    public JsonNode release(String id, String reason) {
        return call("DELETE", "/admin/routes/" + id + "/hold?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8), null);
    }

    private JsonNode call(String method, String path, Object body) {
        return call(method, path, body, Duration.ofSeconds(10));
    }

    private JsonNode call(String method, String path, Object body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("X-Actor", "strangler");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the gateway admin API at " + base + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (r.statusCode() / 100 != 2) {
            String detail = r.body();
            try {
                detail = JSON.readTree(r.body()).path("detail").asString(r.body());
            } catch (RuntimeException ignored) {
                // not a problem document: show the body as it is
            }
            throw new Refused("gateway admin " + method + " " + path + " refused (" + r.statusCode() + "): " + detail, r.statusCode());
        }
        return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
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
