package dev.strangler.gateway.record;

import dev.strangler.gateway.api.RecordedExchange;
import dev.strangler.gateway.api.RecordingRequest;
import dev.strangler.gateway.api.RecordingStatus;
import dev.strangler.gateway.client.ClientAddressResolver;
import dev.strangler.gateway.routing.LiveState;
import dev.strangler.gateway.routing.Mode;
import dev.strangler.gateway.routing.RoutingDecision;
import dev.strangler.gateway.routing.StrangledRoute;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Records the traffic this replica proxies while a recording is on ({@link #start}, until {@link #stop}): in memory
 * only, bounded by the recording's caps, redacted before anything is kept. When none is on, a request costs one
 * volatile read.
 */
public final class Recorder {

    /** The header that names a device, for callers that send no credential. */
    static final String DEVICE_HEADER = "X-Device-Id";

    private final AtomicReference<Recording> current = new AtomicReference<>();
    private final Clock clock;
    private final long memoryBudget;
    private final ClientAddressResolver clientAddress;

    /**
     * @param memoryBudget the bytes the bodies a recording keeps may take at most (a share of the heap)
     */
    public Recorder(Clock clock, long memoryBudget, ClientAddressResolver clientAddress) {
        this.clock = clock;
        this.memoryBudget = memoryBudget;
        this.clientAddress = clientAddress;
    }

    /**
     * Starts a recording.
     *
     * @throws IllegalArgumentException naming every problem of the request
     * @throws AlreadyRecording         when one is on
     */
    public RecordingStatus start(RecordingRequest request, Collection<String> knownRoutes) {
        RecordingSettings settings = RecordingSettings.of(request, memoryBudget, knownRoutes);
        Recording recording = new Recording(settings, clock.instant());
        Recording running = current.compareAndExchange(null, recording);
        if (running != null) {
            throw new AlreadyRecording(running.status().startedAt());
        }
        return recording.status();
    }

    /** Stops the recording and drops what it kept: its last counts, or null when none was on. */
    public RecordingStatus stop() {
        Recording recording = current.getAndSet(null);
        if (recording == null) {
            return null;
        }
        recording.stop();
        return recording.status();
    }

    public RecordingStatus status() {
        Recording recording = current.get();
        return recording == null ? RecordingStatus.off() : recording.status();
    }

    /** The exchanges kept so far, in the order their requests started; empty when no recording is on. */
    public List<RecordedExchange> exchanges() {
        Recording recording = current.get();
        return recording == null ? List.of() : recording.exchanges();
    }

    /**
     * The request as the recording takes it, or null when it does not (none on, another route, not drawn, a cap
     * reached): then forward the exchange as it is.
     */
    public Sample sample(ServerWebExchange exchange, RoutingDecision decision, LiveState state) {
        Recording recording = current.get();
        if (recording == null) {
            return null;
        }
        ServerHttpRequest request = exchange.getRequest();
        StrangledRoute route = decision.route();
        PathContainer path = request.getPath().pathWithinApplication();
        String template = template(route, path);
        String capKey = request.getMethod().name() + " " + (template != null ? template : shape(path.value()));
        long sequence = recording.admit(route == null ? null : route.id(), capKey);
        if (sequence == 0) {
            return null;
        }
        Mode mode = route == null || state.killSwitch() ? Mode.MONOLITH : state.modeOf(route);
        return new Sample(
                recording,
                exchange,
                new Sample.Facts(
                        sequence,
                        clock.instant(),
                        caller(recording.redactor(), request),
                        route == null ? null : route.id(),
                        mode.yamlName(),
                        template,
                        capKey));
    }

    /**
     * The caller, stable within the recording: by its credential ({@code Authorization}, else a session cookie), else
     * its {@value #DEVICE_HEADER}, else its address.
     */
    private String caller(Redactor redactor, ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && !authorization.isBlank()) {
            return redactor.caller("credential", authorization);
        }
        for (var cookies : request.getCookies().entrySet()) {
            if (isSessionCookie(cookies.getKey()) && !cookies.getValue().isEmpty()) {
                HttpCookie cookie = cookies.getValue().get(0);
                return redactor.caller("credential", cookie.getName() + "=" + cookie.getValue());
            }
        }
        String device = headers.getFirst(DEVICE_HEADER);
        if (device != null && !device.isBlank()) {
            return redactor.caller("device", device);
        }
        InetSocketAddress address = clientAddress.resolve(request);
        return redactor.caller(
                "address",
                address == null || address.getAddress() == null
                        ? "unknown"
                        : address.getAddress().getHostAddress());
    }

    /** {@code JSESSIONID}, {@code SESSION}, {@code connect.sid}, {@code PHPSESSID}, {@code session_id}, ... */
    static boolean isSessionCookie(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("sess") || lower.equals("sid") || lower.endsWith(".sid") || lower.endsWith("_sid");
    }

    /** The route's path pattern that matched, or null when no route did. */
    private static String template(StrangledRoute route, PathContainer path) {
        if (route == null) {
            return null;
        }
        for (PathPattern pattern : route.paths()) {
            if (pattern.matches(path)) {
                return pattern.getPatternString();
            }
        }
        return route.paths().isEmpty() ? null : route.paths().get(0).getPatternString();
    }

    /**
     * What the cap counts a request no route matched under: its path with every segment holding a digit as {@code *}
     * ({@code /api/orders/17/items} and {@code /api/orders/18/items} are one endpoint).
     */
    static String shape(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].chars().anyMatch(Character::isDigit)) {
                segments[i] = "*";
            }
        }
        return String.join("/", segments);
    }

    /** A recording is on already: one at a time per replica. */
    public static final class AlreadyRecording extends IllegalStateException {
        AlreadyRecording(Instant since) {
            super("a recording is on since " + since + "; stop it first (DELETE /admin/recording)");
        }
    }
}
