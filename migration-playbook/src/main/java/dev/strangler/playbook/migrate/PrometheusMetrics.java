package dev.strangler.playbook.migrate;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway replicas' counters as a Prometheus server scraped them, read through its HTTP API: a replica is
 * whatever Prometheus scrapes that exposes the gateway's series, named by its {@code instance} label. Replicas that
 * come and go behind a load balancer are then the ones Prometheus sees at each read, and the samples are as fresh
 * as its last scrape of each.
 *
 * <p>Each series is kept with its own labels (less {@code __name__}, {@code job} and {@code instance}), as the
 * replica's {@code /actuator/prometheus} wrote it, so {@link GateCheck} reads them as it reads a direct scrape.
 */
public final class PrometheusMetrics implements GatewayMetrics {

    /** Every gateway replica exposes it from its start, whatever it served: it tells which instances are gateways. */
    private static final String GATEWAY = "strangler_route_table_version";
    /** Labels Prometheus adds or that name the series, not the sample's own. */
    private static final Set<String> NOT_SAMPLE_LABELS = Set.of("__name__", "job", "instance");
    /** A field a newer Prometheus adds to an answer (warnings, infos) is ignored, not an error. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI url;
    private final Duration maxWait;
    private final Duration poll;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Prometheus at {@code url} (its base, as {@code http://prometheus:9090}); a fresh read waits at most 30 s. */
    public PrometheusMetrics(URI url) {
        this(url, Duration.ofSeconds(30), Duration.ofMillis(500));
    }

    /**
     * @param maxWait how long {@link #readSince} waits for a scrape of every replica after the instant it is given
     * @param poll    how often it asks meanwhile
     */
    PrometheusMetrics(URI url, Duration maxWait, Duration poll) {
        String base = url.toString();
        this.url = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.maxWait = maxWait;
        this.poll = poll;
    }

    public URI url() {
        return url;
    }

    /** Per gateway instance, the latest samples Prometheus holds of the gates' series for {@code routes}. */
    @Override
    public Map<String, Samples> read(Set<String> routes) {
        return samples(routes, scrapes().keySet());
    }

    /**
     * Waits until Prometheus holds a scrape of every gateway instance taken at or after {@code notBefore} (at most
     * the wait this was made with, asking every poll), then reads. The scrape times are asked before the samples, so
     * the samples read are of that scrape or a later one.
     */
    @Override
    public Map<String, Samples> readSince(Set<String> routes, Instant notBefore) throws InterruptedException {
        Instant gives = Instant.now().plus(maxWait);
        while (true) {
            Map<String, Instant> scraped = scrapes();
            Map<String, Instant> behind = new TreeMap<>(scraped);
            behind.values().removeIf(at -> !at.isBefore(notBefore));
            if (behind.isEmpty()) {
                return samples(routes, scraped.keySet());
            }
            if (Instant.now().isAfter(gives)) {
                throw new IllegalStateException("Prometheus at " + url + " has no scrape of "
                        + behind.entrySet().stream()
                                .map(e -> e.getKey() + " (last at " + e.getValue() + ")")
                                .collect(Collectors.joining(", "))
                        + " since " + notBefore + ", after waiting " + maxWait.toSeconds()
                        + " s: is its scrape interval longer than that, or is the replica down?");
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** Per gateway instance, when Prometheus last scraped it (by every job that does); none is an error. */
    private Map<String, Instant> scrapes() {
        // timestamp(): the sample's own time (when it was scraped), in seconds; not the query's.
        String query = "min by (instance) (timestamp(" + GATEWAY + "))";
        Map<String, Instant> out = new TreeMap<>();
        for (Series s : query(query)) {
            out.put(s.instance(), Instant.ofEpochMilli(Math.round(s.value() * 1000)));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("Prometheus at " + url + " has no gateway replica (query " + query
                    + " found no series): it does not scrape a gateway's /actuator/prometheus, or not yet");
        }
        return out;
    }

    /** The gates' series of {@code routes} and the breakers, grouped by gateway instance (each one, even if empty). */
    private Map<String, Samples> samples(Set<String> routes, Set<String> gateways) {
        Map<String, List<Samples.Sample>> byInstance = new LinkedHashMap<>();
        gateways.forEach(g -> byInstance.put(g, new ArrayList<>()));
        List<Series> series = new ArrayList<>();
        if (!routes.isEmpty()) {
            String names = String.join("|", GateCheck.REQUESTS, GateCheck.BUCKETS, GateCheck.SHADOW);
            String ours = routes.stream().map(PrometheusMetrics::literal).collect(Collectors.joining("|"));
            series.addAll(query("{__name__=~" + quoted(names) + ",route=~" + quoted(ours) + "}"));
        }
        // A service of ours may have breakers too: only the gateways' count.
        series.addAll(query(GateCheck.BREAKER));
        for (Series s : series) {
            List<Samples.Sample> of = byInstance.get(s.instance());
            if (of != null) {
                of.add(new Samples.Sample(s.name(), s.labels(), s.value()));
            }
        }
        Map<String, Samples> out = new LinkedHashMap<>();
        byInstance.forEach((instance, samples) -> out.put(instance, new Samples(samples)));
        return out;
    }

    /** One series of an instant query's answer: its labels and its latest sample's value. */
    private record Series(Map<String, String> metric, double value) {
        String instance() {
            return metric.getOrDefault("instance", "");
        }

        String name() {
            return metric.getOrDefault("__name__", "");
        }

        Map<String, String> labels() {
            Map<String, String> out = new TreeMap<>(metric);
            out.keySet().removeAll(NOT_SAMPLE_LABELS);
            return out;
        }
    }

    /** {@code GET /api/v1/query}: the series of an instant vector; anything else Prometheus answers is an error. */
    private List<Series> query(String query) {
        URI uri = URI.create(url + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpResponse<String> answer;
        try {
            answer = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Prometheus at " + url + " cannot be read (query " + query + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (JacksonException e) {
            body = null;
        }
        String error = body == null
                ? abbreviated(answer.body())
                : body.path("errorType").asString("") + ": "
                        + body.path("error").asString("");
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Prometheus at " + url + " answered " + answer.statusCode() + " to query "
                    + query + " (" + error + ")");
        }
        if (body == null || !body.path("status").asString("").equals("success")) {
            throw new IllegalStateException(
                    "Prometheus at " + url + " did not answer query " + query + " with success (" + error + ")");
        }
        JsonNode data = body.path("data");
        if (!data.path("resultType").asString("").equals("vector")) {
            throw new IllegalStateException("Prometheus at " + url + " answered query " + query + " with a "
                    + data.path("resultType").asString("") + ", not a vector");
        }
        List<Series> out = new ArrayList<>();
        try {
            for (JsonNode r : data.path("result")) {
                Map<String, String> metric = new LinkedHashMap<>();
                r.path("metric")
                        .properties()
                        .forEach(e -> metric.put(e.getKey(), e.getValue().asString()));
                // [evaluation time, "value"]
                out.add(new Series(
                        metric, Samples.parseValue(r.path("value").path(1).asString())));
            }
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "Prometheus at " + url + " answered query " + query + " with a series it cannot read: " + e, e);
        }
        return out;
    }

    /** A route id as a regular expression that matches it alone (RE2 escapes, as PromQL reads them). */
    private static String literal(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@code s} as a PromQL string literal. */
    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String abbreviated(String body) {
        String s = body.strip();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
