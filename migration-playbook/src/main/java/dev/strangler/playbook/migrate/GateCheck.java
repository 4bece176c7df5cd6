package dev.strangler.playbook.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A step's gates against what the gateways counted since the step began: per replica, the metrics now less the
 * metrics at the start (a replica whose counters went back restarted, and counts from zero), summed.
 *
 * <p>The service side of a route is what was meant for the service: requests it answered and requests that fell
 * back to the monolith (its errors, timeouts, open breaker); its errors are its 5xx and failed answers and every
 * fallback. The monolith side is what the monolith answered as itself.
 */
public final class GateCheck {

    /** Comparisons the mismatch gate needs before it decides, when the plan does not say. */
    static final int DEFAULT_MIN_COMPARISONS = 20;
    /** Requests each side needs before the error and latency gates decide, when the plan does not say. */
    static final int DEFAULT_MIN_REQUESTS = 20;
    /**
     * Answers each side needs before the latency gate decides, whatever the plan's {@code min-requests}: the p99 of
     * fewer than 100 answers is their slowest one, and one slow answer (a cold service's first requests, a GC pause
     * on a busy machine) would decide the step.
     */
    static final int P99_MIN_ANSWERS = 100;

    public enum Verdict {
        PASS,
        WAIT,
        FAIL
    }

    /** One gate's verdict and what it saw, as a person reads it. */
    public record Result(String gate, Verdict verdict, String seen) {
        @Override
        public String toString() {
            return gate + " " + verdict.name().toLowerCase(java.util.Locale.ROOT) + ": " + seen;
        }
    }

    static final String REQUESTS = "strangler_requests_seconds_count";
    static final String BUCKETS = "strangler_requests_seconds_bucket";
    static final String SHADOW = "strangler_shadow_results_total";
    static final String BREAKER = "resilience4j_circuitbreaker_state";

    private final Map<String, Samples> base;
    private final Map<String, Samples> now;
    private final Set<String> routes;
    private boolean serviceOnly;

    /**
     * @param base   per replica (its metrics URL), the metrics when the step began
     * @param now    per replica, the metrics now
     * @param routes the feature's routes
     */
    public GateCheck(Map<String, Samples> base, Map<String, Samples> now, Set<String> routes) {
        this.base = base;
        this.now = now;
        this.routes = routes;
    }

    public List<Result> check(FeaturePlan.Gates gates, Set<String> services) {
        List<Result> out = new ArrayList<>();
        if (gates.maxShadowMismatchRate() != null) {
            out.add(shadow(gates.maxShadowMismatchRate(), or(gates.minComparisons(), DEFAULT_MIN_COMPARISONS)));
        }
        int minRequests = or(gates.minRequests(), DEFAULT_MIN_REQUESTS);
        if (gates.maxErrorRateIncrease() != null) {
            out.add(errors(gates.maxErrorRateIncrease(), minRequests));
        }
        if (gates.maxP99Ratio() != null) {
            out.add(latency(gates.maxP99Ratio(), Math.max(minRequests, P99_MIN_ANSWERS)));
        }
        if (Boolean.TRUE.equals(gates.breakersClosed())) {
            out.add(breakers(services));
        }
        return out;
    }

    /** FAIL when any gate fails, else WAIT when any waits, else PASS. */
    public static Verdict overall(List<Result> results) {
        if (results.stream().anyMatch(r -> r.verdict() == Verdict.FAIL)) {
            return Verdict.FAIL;
        }
        return results.stream().anyMatch(r -> r.verdict() == Verdict.WAIT) ? Verdict.WAIT : Verdict.PASS;
    }

    private Result shadow(double max, int min) {
        double mismatches = delta(SHADOW, s -> ours(s) && s.label("result").equals("mismatch"));
        double compared =
                mismatches + delta(SHADOW, s -> ours(s) && s.label("result").equals("match"));
        String name = "shadow mismatch rate <= " + percent(max);
        if (compared < min) {
            return new Result(name, Verdict.WAIT, count(compared) + " of " + min + " comparisons needed");
        }
        double rate = mismatches / compared;
        return new Result(
                name,
                rate <= max ? Verdict.PASS : Verdict.FAIL,
                percent(rate) + " (" + count(mismatches) + " of " + count(compared) + " differed)");
    }

    private Result errors(double maxIncrease, int min) {
        double serviceAnswered =
                delta(REQUESTS, s -> ours(s) && s.label("target").equals("service"));
        double fallbacks = delta(REQUESTS, s -> ours(s) && fallback(s));
        double serviceErrors = delta(REQUESTS, s -> ours(s) && s.label("target").equals("service") && failed(s));
        double monolith = delta(REQUESTS, s -> ours(s) && s.label("target").equals("monolith") && !fallback(s));
        double monolithErrors =
                delta(REQUESTS, s -> ours(s) && s.label("target").equals("monolith") && !fallback(s) && failed(s));
        double service = serviceAnswered + fallbacks;
        String name = serviceOnly
                ? "service error rate <= " + percent(maxIncrease)
                : "service error rate <= monolith's + " + percent(maxIncrease);
        // In service mode the monolith answers nothing of its own: the service's share is held to the limit alone.
        if (service < min || (!serviceOnly && monolith < min)) {
            return new Result(
                    name,
                    Verdict.WAIT,
                    count(service) + " service and " + count(monolith) + " monolith requests, " + min + " each needed");
        }
        double serviceRate = (serviceErrors + fallbacks) / service;
        double monolithRate = serviceOnly ? 0 : monolithErrors / monolith;
        String serviceSeen =
                "service " + percent(serviceRate) + " of " + count(service) + " (" + count(fallbacks) + " fell back)";
        return new Result(
                name,
                serviceRate - monolithRate <= maxIncrease ? Verdict.PASS : Verdict.FAIL,
                serviceOnly
                        ? serviceSeen
                        : serviceSeen + ", monolith " + percent(monolithRate) + " of " + count(monolith));
    }

    private Result latency(double maxRatio, int min) {
        Map<Double, Double> service = buckets(s -> s.label("target").equals("service"));
        Map<Double, Double> monolith = buckets(s -> s.label("target").equals("monolith") && !fallback(s));
        double serviceCount = service.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        double monolithCount = monolith.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        String name = "service p99 <= " + FeaturePlan.Gates.number(maxRatio) + "x monolith's";
        if (serviceCount < min || monolithCount < min) {
            return new Result(
                    name,
                    Verdict.WAIT,
                    count(serviceCount) + " service and " + count(monolithCount) + " monolith answers, " + min
                            + " each needed");
        }
        double sp99 = quantile(0.99, service);
        double mp99 = quantile(0.99, monolith);
        // A monolith p99 of zero (answers under the first bucket) is taken as that bucket's bound.
        double ratio = sp99 / Math.max(mp99, 0.001);
        return new Result(
                name,
                ratio <= maxRatio ? Verdict.PASS : Verdict.FAIL,
                String.format(
                        java.util.Locale.ROOT,
                        "service %.0f ms, monolith %.0f ms (%.2fx)",
                        sp99 * 1000,
                        mp99 * 1000,
                        ratio));
    }

    private Result breakers(Set<String> services) {
        List<String> open = new ArrayList<>();
        for (Map.Entry<String, Samples> replica : now.entrySet()) {
            for (Samples.Sample s : replica.getValue().named(BREAKER)) {
                if (services.contains(s.label("name"))
                        && s.value() == 1.0
                        && Set.of("open", "forced_open", "half_open").contains(s.label("state"))) {
                    open.add(s.label("name") + " " + s.label("state") + " at " + replica.getKey());
                }
            }
        }
        return new Result(
                "circuit breakers closed",
                open.isEmpty() ? Verdict.PASS : Verdict.FAIL,
                open.isEmpty()
                        ? "closed on every replica (" + String.join(", ", services) + ")"
                        : String.join("; ", open));
    }

    /** The step sends every request to the service: no monolith side to compare with. */
    public GateCheck serviceOnly(boolean serviceOnly) {
        this.serviceOnly = serviceOnly;
        return this;
    }

    private boolean ours(Samples.Sample s) {
        return routes.contains(s.label("route"));
    }

    private static boolean fallback(Samples.Sample s) {
        return s.label("reason").equals("fallback");
    }

    private static boolean failed(Samples.Sample s) {
        return s.label("outcome").equals("5xx") || s.label("outcome").equals("error");
    }

    /** The sum over replicas of (now - base), where a replica that went back counts from zero. */
    double delta(String name, Predicate<Samples.Sample> which) {
        double total = 0;
        for (Map.Entry<String, Samples> replica : now.entrySet()) {
            double current = replica.getValue().sum(name, which);
            Samples before = base.get(replica.getKey());
            double then = before == null ? 0 : before.sum(name, which);
            total += current >= then ? current - then : current;
        }
        return total;
    }

    /** Cumulative bucket counts by upper bound, of the routes' answers that {@code which} accepts, since the base. */
    private Map<Double, Double> buckets(Predicate<Samples.Sample> which) {
        Map<Double, Double> out = new TreeMap<>();
        for (Map.Entry<String, Samples> replica : now.entrySet()) {
            for (Samples.Sample s : replica.getValue().named(BUCKETS)) {
                if (ours(s) && which.test(s)) {
                    out.putIfAbsent(le(s), 0.0);
                }
            }
        }
        for (Double le : List.copyOf(out.keySet())) {
            out.put(le, delta(BUCKETS, s -> ours(s) && which.test(s) && le(s) == le));
        }
        return out;
    }

    private static double le(Samples.Sample s) {
        String le = s.label("le");
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    /** As Prometheus's histogram_quantile: linear within the bucket the rank falls in. */
    static double quantile(double q, Map<Double, Double> cumulative) {
        double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
            if (b.getValue() >= rank) {
                if (b.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = b.getValue() - lowerCount;
                return inBucket == 0
                        ? b.getKey()
                        : lowerBound + (b.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = b.getKey();
            lowerCount = b.getValue();
        }
        return lowerBound;
    }

    private static int or(Integer v, int fallback) {
        return v == null ? fallback : v;
    }

    private static String count(double v) {
        return Long.toString(Math.round(v));
    }

    private static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
