package dev.strangler.playbook.migrate;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Where the gates read the gateway replicas' counters: each replica's own scrape endpoint ({@link ReplicaMetrics})
 * or a Prometheus server that scrapes them ({@link PrometheusMetrics}). Either way, per replica, the series the gates
 * read for the feature's routes (and the breakers), as {@link GateCheck} counts them.
 */
public interface GatewayMetrics {

    /**
     * Per replica, its samples of the gates' series for {@code routes} as they stand now.
     *
     * @throws IllegalStateException when they cannot be read (a replica or the server down, no gateway to read):
     *                               no data, which is not a pass
     */
    Map<String, Samples> read(Set<String> routes);

    /**
     * As {@link #read}, but every replica's samples taken at or after {@code notBefore}: a step's start, read right
     * after its mode was set, must not count the requests served before it in the old mode.
     *
     * @throws IllegalStateException when no such samples come in a bounded time
     */
    Map<String, Samples> readSince(Set<String> routes, Instant notBefore) throws InterruptedException;
}
