package dev.strangler.playbook.migrate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every gateway replica's {@code /actuator/prometheus}, read at once, kept to the series the gates read for the
 * feature's routes (and the breakers): that is what the migration's state keeps as a step's start.
 */
public final class ReplicaMetrics implements GatewayMetrics {

    private static final Set<String> KEPT = Set.of(
            "strangler_requests_seconds_count",
            "strangler_requests_seconds_bucket",
            "strangler_shadow_results_total",
            "resilience4j_circuitbreaker_state");

    private final List<URI> replicas;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ReplicaMetrics(List<URI> replicas) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("no gateway metrics to read: give --metrics URL for every replica");
        }
        this.replicas = List.copyOf(replicas);
    }

    public List<URI> replicas() {
        return replicas;
    }

    /** Per replica URL, its samples of the gates' series for {@code routes}; a replica that does not answer fails. */
    @Override
    public Map<String, Samples> read(Set<String> routes) {
        Map<String, Samples> out = new LinkedHashMap<>();
        for (URI replica : replicas) {
            HttpResponse<String> answer;
            try {
                answer = http.send(
                        HttpRequest.newBuilder(replica)
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException("the gateway's metrics at " + replica + " cannot be read: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(
                        "the gateway's metrics at " + replica + " answered " + answer.statusCode());
            }
            Samples all = Samples.parse(answer.body());
            out.put(
                    replica.toString(),
                    new Samples(all.samples().stream()
                            .filter(s -> KEPT.contains(s.name()))
                            .filter(s -> s.name().startsWith("resilience4j") || routes.contains(s.label("route")))
                            .toList()));
        }
        return out;
    }

    /** A replica answers with its counters as they are when it is asked: a read now is at or after any past instant. */
    @Override
    public Map<String, Samples> readSince(Set<String> routes, Instant notBefore) {
        return read(routes);
    }
}
