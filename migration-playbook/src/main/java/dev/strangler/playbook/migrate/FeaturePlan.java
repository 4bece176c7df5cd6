package dev.strangler.playbook.migrate;

import dev.strangler.playbook.cutover.WriteCutover;
import dev.strangler.playbook.route.RouteMode;
import java.time.Duration;
import java.util.List;

/**
 * A migration plan ({@code strangler migrate --plan FILE}): per feature, the gateway routes it moves and the steps
 * they move through, each with its bake time and its gates. Read by {@link FeaturePlanReader}, which checks it.
 *
 * <pre>
 * features:
 *   - name: catalog
 *     routes: [catalog-read]
 *     steps:
 *       - {phase: shadow, bake: 30s, gates: {max-shadow-mismatch-rate: 0, min-comparisons: 20}}
 *       - {phase: canary, percent: 10, bake: 20s,
 *          gates: {max-error-rate-increase: 0.01, max-p99-ratio: 3, min-requests: 50, breakers-closed: true,
 *                  contract-suite: true}}
 *       - {phase: service, bake: 20s, gates: {max-error-rate-increase: 0.01, min-requests: 50}}
 * </pre>
 *
 * <p>A feature that also names its {@code writes} (routes and forward stream) may end with a {@code writes} step:
 * the write cutover, then its gates over reads and writes; a gate that fails then moves the writes back first.
 */
public record FeaturePlan(List<Feature> features) {

    public FeaturePlan {
        features = features == null ? List.of() : List.copyOf(features);
    }

    public Feature feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * A feature: its routes move together, step by step; {@code cdc}, when given, names the CDC plan and streams
     * that carry its data, which the data gates read; {@code writes}, when given, names the routes whose writes its
     * {@code writes} step cuts over to the service.
     */
    public record Feature(String name, List<String> routes, Cdc cdc, Writes writes, List<Step> steps) {
        public Feature {
            routes = routes == null ? List.of() : List.copyOf(routes);
            steps = steps == null ? List.of() : List.copyOf(steps);
        }

        /** The position of its {@code writes} step, or -1 when it has none. */
        public int writesStep() {
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).cutsWritesOver()) {
                    return i;
                }
            }
            return -1;
        }

        /** The routes the gates of step {@code i} count: the reads, and from the writes step on the writes too. */
        public List<String> countedAt(int i) {
            int w = writesStep();
            if (w < 0 || i < w) {
                return routes;
            }
            List<String> both = new java.util.ArrayList<>(routes);
            both.addAll(writes.routes());
            return List.copyOf(both);
        }
    }

    /**
     * The routes whose writes the feature's {@code writes} step moves with a write cutover ({@code strangler writes
     * cutover}): the forward {@code stream} of the feature's CDC plan (the plan declares its reverse), and the hold's
     * limits (defaults as the command's).
     */
    public record Writes(List<String> routes, String stream, Duration holdLimit, Duration quietWait) {
        public Writes {
            routes = routes == null ? List.of() : List.copyOf(routes);
        }

        public Duration hold() {
            return holdLimit == null ? WriteCutover.Limits.defaults().hold() : holdLimit;
        }

        public Duration quiet() {
            return quietWait == null ? WriteCutover.Limits.defaults().quietWait() : quietWait;
        }
    }

    /** The feature's data: a CDC plan (a path relative to the migration plan's folder) and its streams. */
    public record Cdc(String plan, List<String> streams) {
        public Cdc {
            streams = streams == null ? List.of() : List.copyOf(streams);
        }
    }

    /**
     * One step: the routes' mode (and canary percent), how long it runs before its gates may pass ({@code bake}),
     * and how long it may then wait for enough data before the step counts as failed ({@code max-wait}, default 10m).
     */
    public record Step(String phase, Double percent, Duration bake, Duration maxWait, Gates gates) {

        static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

        /** The read routes' mode; a {@code writes} step keeps them in service mode. */
        public RouteMode mode() {
            return cutsWritesOver() ? RouteMode.SERVICE : new RouteMode(phase);
        }

        /** Whether this step cuts the feature's writes over to the service as it starts. */
        public boolean cutsWritesOver() {
            return "writes".equals(phase);
        }

        /** Whether the monolith answers none of the step's requests (its error gate reads the service's share). */
        public boolean serviceOnly() {
            return "service".equals(phase) || cutsWritesOver();
        }

        public Duration bakeTime() {
            return bake == null ? Duration.ZERO : bake;
        }

        public Duration waitLimit() {
            return maxWait == null ? DEFAULT_WAIT : maxWait;
        }

        /** As a person reads it: {@code canary 10%}, {@code shadow}, {@code write cutover}. */
        public String describe() {
            if (cutsWritesOver()) {
                return "write cutover";
            }
            return percent == null ? phase : phase + " " + Gates.number(percent) + "%";
        }
    }

    /**
     * What must hold, over the requests of the step's routes since the step began, summed over every gateway
     * replica. A gate with too little data waits.
     *
     * @param maxShadowMismatchRate share of shadow comparisons that may differ (0: none)
     * @param minComparisons        shadow comparisons needed before the mismatch gate decides
     * @param maxErrorRateIncrease  how much the service's error share (5xx, errors, fallbacks) may exceed the
     *                              monolith's, as a fraction (0.01: one point); in service mode, where the monolith
     *                              answers nothing, the service's share itself
     * @param maxP99Ratio           the service's p99 latency over the monolith's, at most
     * @param minRequests           requests each side needs before the error and latency gates decide
     * @param breakersClosed        the services' circuit breakers must be closed on every replica
     * @param contractSuite         the mobile contract suite must pass through the gateway, run once the bake is
     *                              over and the other gates pass
     * @param contractScenarios     only these scenarios of it (default: all), e.g. the feature's own
     * @param maxCdcLag             a marker sent through each of the feature's streams arrives within this; a
     *                              stream that fails (a connector down, heartbeats stopped) fails the gate
     * @param maxWalRetainedMb      each stream's replication slot holds back at most this much WAL (MiB)
     * @param parity                both databases hold the same rows, through the plan's mapping
     */
    public record Gates(
            Double maxShadowMismatchRate,
            Integer minComparisons,
            Double maxErrorRateIncrease,
            Double maxP99Ratio,
            Integer minRequests,
            Boolean breakersClosed,
            Boolean contractSuite,
            List<String> contractScenarios,
            Duration maxCdcLag,
            Long maxWalRetainedMb,
            Boolean parity) {

        public Gates {
            contractScenarios = contractScenarios == null ? List.of() : List.copyOf(contractScenarios);
        }

        public boolean any() {
            return maxShadowMismatchRate != null
                    || maxErrorRateIncrease != null
                    || maxP99Ratio != null
                    || Boolean.TRUE.equals(breakersClosed)
                    || Boolean.TRUE.equals(contractSuite)
                    || data();
        }

        /** Whether a gate reads the feature's CDC streams. */
        public boolean data() {
            return maxCdcLag != null || maxWalRetainedMb != null || Boolean.TRUE.equals(parity);
        }

        static String number(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
