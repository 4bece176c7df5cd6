package dev.strangler.playbook.replay;

import dev.strangler.compare.ComparedResponse;
import dev.strangler.compare.ResponseComparator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays a recording against a target, caller after caller (in the order of their first request), each caller's
 * requests in the order it sent them, carrying what the target answers into that caller's later requests
 * ({@link CarriedValues}), and compares every answer with the recorded one by the gateway's own rule
 * ({@link ResponseComparator}). A read that differs is asked once more: the paths where the target's own two answers
 * differ are noise (a timestamp, a request id) and left out, and the result says so.
 */
final class Replayer {

    /** Headers the HTTP client sets itself and refuses from callers. */
    private static final Set<String> CLIENT_HEADERS =
            Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

    /** The noise entry of a body that is not JSON and varied between two answers of the target. */
    static final String WHOLE_BODY = "body (not JSON; the target's own two answers differ)";

    private final HttpClient http;
    private final String base;
    private final ReplayOptions options;
    private final ResponseComparator comparator = new ResponseComparator();
    private final InventedSecrets invented = new InventedSecrets();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    Replayer(HttpClient http, URI base, ReplayOptions options) {
        this.http = http;
        String text = base.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.options = options;
    }

    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    ReplayReport replay(Recording recording) {
        List<ReplayedRequest> results = new ArrayList<>();
        CarriedValues.Shared shared = new CarriedValues.Shared(options.secrets());
        for (Map.Entry<String, List<String>> caller : recording.callers().entrySet()) {
            if (options.caller() != null && !options.caller().equals(caller.getKey())) {
                continue;
            }
            CarriedValues carried = new CarriedValues(shared);
            Moments moments = new Moments();
            for (String id : caller.getValue()) {
                if (options.limit() != null && results.size() >= options.limit()) {
                    return ReplayReport.of(recording.dir().toString(), base, results);
                }
                results.add(step(recording.exchanges().get(id), carried, moments));
            }
        }
        return ReplayReport.of(recording.dir().toString(), base, results);
    }

    private ReplayedRequest step(RecordedExchange exchange, CarriedValues carried, Moments moments) {
        RecordedRequest recorded = exchange.request();
        if (recorded.isWrite() && !options.writes()) {
            return notSent(
                    exchange,
                    carried,
                    Outcome.SKIPPED_WRITE,
                    "a write: replayed only with --writes, against a disposable target");
        }
        String missing = carried.needsSkipped(recorded);
        if (missing != null) {
            return notSent(
                    exchange,
                    carried,
                    Outcome.SKIPPED_DEPENDENCY,
                    "needs " + missing + ", which only a skipped write would have given");
        }
        if (options.inventSecrets()) {
            carried.invent(recorded, invented);
        }
        String secret = options.keepPlaceholders() ? null : carried.unbound(recorded);
        if (secret != null) {
            return notSent(
                    exchange,
                    carried,
                    Outcome.NEEDS_SECRET,
                    "needs " + secret + " in its " + Placeholders.where(recorded, secret)
                            + ", which the recording does not keep and no earlier answer gave: give it with --secret "
                            + secret.substring(1, secret.length() - 1)
                            + "=VALUE or --secrets FILE, or let the replay make one up (--invent-secrets)");
        }
        RecordedRequest request = carried.request(recorded);
        ComparedResponse actual;
        Instant sentAt = Instant.now();
        try {
            actual = send(request);
        } catch (IOException e) {
            return result(
                    exchange,
                    request.url(),
                    Outcome.FAILED,
                    null,
                    List.of(),
                    List.of(),
                    "no answer from " + base + ": " + e);
        } catch (IllegalArgumentException e) {
            return result(
                    exchange,
                    request.url(),
                    Outcome.FAILED,
                    null,
                    List.of(),
                    List.of(),
                    "cannot be sent as recorded: " + e.getMessage());
        }
        moments.replayed(exchange.took(), new Moments.Window(sentAt, Instant.now()));
        carried.learn(recorded, exchange.response(), actual);
        List<String> times = new ArrayList<>();
        ComparedResponse expected = aligned(carried.expected(exchange.response()), actual, moments, times);
        List<String> differences = compare(expected, actual, Set.of());
        List<String> noise = List.of();
        if (!differences.isEmpty() && !recorded.isWrite()) {
            try {
                ComparedResponse again = send(request);
                Set<String> varied = comparator.volatilePaths(actual, again);
                if (!varied.isEmpty()) {
                    noise = List.copyOf(varied);
                    differences = compare(expected, actual, varied);
                } else if (variesAsText(actual, again)) {
                    // A page with a CSRF token or a nonce in it: not JSON, so no path to leave out; the body is not
                    // compared, and the result says so. Status and the chosen headers still are.
                    noise = List.of(WHOLE_BODY);
                    differences = compare(withoutBody(expected), withoutBody(actual), Set.of());
                }
            } catch (IOException | IllegalArgumentException e) {
                // no second answer: nothing learned, the differences stand
            }
        }
        return result(
                exchange,
                request.url(),
                differences.isEmpty() ? Outcome.MATCHED : Outcome.DIFFERED,
                actual.status(),
                differences,
                noise,
                times,
                null);
    }

    /** A request not sent: what its answer would have given is unavailable to the caller's later requests. */
    private static ReplayedRequest notSent(
            RecordedExchange exchange, CarriedValues carried, Outcome outcome, String note) {
        carried.skipped(exchange.request(), exchange.response());
        return result(exchange, exchange.request().url(), outcome, null, List.of(), List.of(), note);
    }

    /** The expected answer with each time that is the moment of one of the caller's requests as replayed (see {@link Moments}). */
    private static ComparedResponse aligned(
            ComparedResponse expected, ComparedResponse actual, Moments moments, List<String> times) {
        JsonNode before = JsonValues.parse(expected.body());
        JsonNode now = JsonValues.parse(actual.body());
        if (before == null || now == null) {
            return expected;
        }
        JsonNode aligned = moments.align(before, now, times);
        return times.isEmpty()
                ? expected
                : new ComparedResponse(
                        expected.status(), expected.headers(), JSON.writeValueAsBytes(aligned), expected.truncated());
    }

    /**
     * Two answers of the target to one read, with one successful status and bodies that are not JSON and differ
     * between themselves: a body that varies by itself (a page's CSRF token), which no JSON path can name.
     */
    private static boolean variesAsText(ComparedResponse first, ComparedResponse second) {
        return first.status() == second.status()
                && first.status() / 100 == 2
                && !isJson(first)
                && !isJson(second)
                && !Arrays.equals(first.body(), second.body());
    }

    private static boolean isJson(ComparedResponse response) {
        String type = response.firstHeader("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).contains("json");
    }

    private static ComparedResponse withoutBody(ComparedResponse response) {
        return new ComparedResponse(response.status(), response.headers(), new byte[0], false);
    }

    private List<String> compare(ComparedResponse expected, ComparedResponse actual, Set<String> noise) {
        return comparator.differences(expected, actual, options.headers(), options.ignore(), noise);
    }

    private ComparedResponse send(RecordedRequest request) throws IOException {
        HttpRequest.BodyPublisher body = request.binary() != null
                ? HttpRequest.BodyPublishers.ofByteArray(request.binary())
                : request.body() != null
                        ? HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8)
                        : HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.url()))
                .timeout(options.timeout())
                .method(request.method(), body);
        request.headers().forEach((name, value) -> {
            if (!CLIENT_HEADERS.contains(name.toLowerCase())) {
                builder.header(name, value);
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ComparedResponse(
                    response.statusCode(), response.headers().map(), response.body(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static ReplayedRequest result(
            RecordedExchange exchange,
            String url,
            Outcome outcome,
            Integer status,
            List<String> differences,
            List<String> noise,
            String note) {
        return result(exchange, url, outcome, status, differences, noise, List.of(), note);
    }

    private static ReplayedRequest result(
            RecordedExchange exchange,
            String url,
            Outcome outcome,
            Integer status,
            List<String> differences,
            List<String> noise,
            List<String> moments,
            String note) {
        return new ReplayedRequest(
                exchange.id(),
                exchange.file(),
                exchange.caller(),
                exchange.sequence(),
                exchange.request().method(),
                url,
                outcome,
                status,
                differences,
                noise,
                List.copyOf(moments),
                note);
    }
}
