package dev.strangler.playbook.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Gates count what happened since their step began, on every replica, and wait rather than pass on too little. */
class GateCheckTest {

    private static final Set<String> ROUTES = Set.of("catalog-read");

    private static Samples scrape(String text) {
        return Samples.parse(text);
    }

    private static String requests(String target, String outcome, String reason, int count) {
        return "strangler_requests_seconds_count{outcome=\"%s\",reason=\"%s\",route=\"catalog-read\",target=\"%s\"} %d\n"
                .formatted(outcome, reason, target, count);
    }

    @Test
    void fallbacksCountAsServiceErrorsAndTheSumRunsOverReplicasSinceTheStepBegan() {
        Map<String, Samples> base = Map.of(
                "r1", scrape(requests("monolith", "2xx", "bucket", 1000) + requests("service", "2xx", "bucket", 500)),
                "r2", scrape(requests("monolith", "2xx", "bucket", 10)));
        Map<String, Samples> now = Map.of(
                "r1",
                scrape(requests("monolith", "2xx", "bucket", 1040)
                        + requests("service", "2xx", "bucket", 530)
                        + requests("monolith", "2xx", "fallback", 6)),
                "r2",
                scrape(requests("monolith", "2xx", "bucket", 30) + requests("service", "5xx", "bucket", 4)));
        FeaturePlan.Gates gates = new FeaturePlan.Gates(null, null, 0.05, null, 20, null, null, null, null, null, null);

        List<GateCheck.Result> results = new GateCheck(base, now, ROUTES).check(gates, Set.of("catalog"));

        // service: 30 + 4 answered, 6 fell back: 40, of which 10 failed (25%); monolith: 60, none failed.
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(GateCheck.Verdict.FAIL);
            assertThat(r.seen()).isEqualTo("service 25.0% of 40 (6 fell back), monolith 0.0% of 60");
        });
    }

    @Test
    void tooFewRequestsWaitAndAReplicaThatRestartedCountsFromZero() {
        Map<String, Samples> base = Map.of(
                "r1", scrape(requests("monolith", "2xx", "bucket", 500) + requests("service", "2xx", "bucket", 500)));
        Map<String, Samples> now = Map.of(
                "r1", scrape(requests("monolith", "2xx", "bucket", 15) + requests("service", "2xx", "bucket", 12)));
        FeaturePlan.Gates gates = new FeaturePlan.Gates(null, null, 0.01, null, 20, null, null, null, null, null, null);

        GateCheck.Result r =
                new GateCheck(base, now, ROUTES).check(gates, Set.of("catalog")).get(0);

        assertThat(r.verdict()).isEqualTo(GateCheck.Verdict.WAIT);
        assertThat(r.seen()).isEqualTo("12 service and 15 monolith requests, 20 each needed");
    }

    @Test
    void shadowMismatchesDecideOnlyOnEnoughComparisons() {
        String line = "strangler_shadow_results_total{result=\"%s\",route=\"catalog-read\"} %d\n";
        Map<String, Samples> base = Map.of("r1", scrape(line.formatted("match", 0) + line.formatted("mismatch", 0)));
        FeaturePlan.Gates gates = new FeaturePlan.Gates(0.0, 10, null, null, null, null, null, null, null, null, null);

        GateCheck.Result few = new GateCheck(
                        base, Map.of("r1", scrape(line.formatted("match", 8) + line.formatted("mismatch", 1))), ROUTES)
                .check(gates, Set.of())
                .get(0);
        GateCheck.Result enough = new GateCheck(
                        base, Map.of("r1", scrape(line.formatted("match", 9) + line.formatted("mismatch", 1))), ROUTES)
                .check(gates, Set.of())
                .get(0);

        assertThat(few.verdict()).isEqualTo(GateCheck.Verdict.WAIT);
        assertThat(enough.verdict()).isEqualTo(GateCheck.Verdict.FAIL);
        assertThat(enough.seen()).isEqualTo("10.0% (1 of 10 differed)");
    }

    @Test
    void theP99IsReadFromTheHistogramAsPrometheusReadsIt() {
        Map<Double, Double> buckets =
                new TreeMap<>(Map.of(0.01, 50.0, 0.1, 90.0, 1.0, 100.0, Double.POSITIVE_INFINITY, 100.0));
        // rank 99 of 100 falls in (0.1, 1.0], 9 of its 10: 0.1 + 0.9 * 9 / 10
        assertThat(GateCheck.quantile(0.99, buckets)).isCloseTo(0.91, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void oneSlowAnswerAmongTooFewToHaveAP99WaitsForMoreAnswersInsteadOfFailingTheStep() {
        Map<String, Samples> base = Map.of("r1", scrape(""));
        FeaturePlan.Gates gates = new FeaturePlan.Gates(null, null, null, 10.0, 20, null, null, null, null, null, null);

        GateCheck.Result few = new GateCheck(
                        base, Map.of("r1", scrape(latencies("service", 15, 1) + latencies("monolith", 140, 0))), ROUTES)
                .check(gates, Set.of())
                .get(0);
        GateCheck.Result enough = new GateCheck(
                        base,
                        Map.of("r1", scrape(latencies("service", 150, 1) + latencies("monolith", 140, 0))),
                        ROUTES)
                .check(gates, Set.of())
                .get(0);

        assertThat(few.verdict()).isEqualTo(GateCheck.Verdict.WAIT);
        assertThat(few.seen()).isEqualTo("16 service and 140 monolith answers, 100 each needed");
        assertThat(enough.verdict())
                .as("with enough answers one slow one is not the p99: " + enough.seen())
                .isEqualTo(GateCheck.Verdict.PASS);
    }

    /** A histogram of {@code fast} answers under 50 ms and {@code slow} ones of about 2 s. */
    private static String latencies(String target, int fast, int slow) {
        String line = "strangler_requests_seconds_bucket{le=\"%s\",outcome=\"2xx\",reason=\"bucket\","
                + "route=\"catalog-read\",target=\"%s\"} %d\n";
        return line.formatted("0.05", target, fast)
                + line.formatted("2.5", target, fast + slow)
                + line.formatted("+Inf", target, fast + slow);
    }

    @Test
    void anOpenBreakerOfTheFeaturesServiceFailsAndAnotherServicesDoesNot() {
        String text = """
                resilience4j_circuitbreaker_state{name="catalog",state="open"} 1.0
                resilience4j_circuitbreaker_state{name="catalog",state="closed"} 0.0
                resilience4j_circuitbreaker_state{name="orders",state="open"} 1.0
                """;
        FeaturePlan.Gates gates =
                new FeaturePlan.Gates(null, null, null, null, null, true, null, null, null, null, null);
        GateCheck check = new GateCheck(Map.of(), Map.of("r1", scrape(text)), ROUTES);

        assertThat(check.check(gates, Set.of("catalog")).get(0).verdict()).isEqualTo(GateCheck.Verdict.FAIL);
        assertThat(check.check(gates, Set.of("identity")).get(0).verdict()).isEqualTo(GateCheck.Verdict.PASS);
    }
}
