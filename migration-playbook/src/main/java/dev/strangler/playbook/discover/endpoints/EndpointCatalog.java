package dev.strangler.playbook.discover.endpoints;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns recorded requests and documented operations into endpoints grouped by resource. A request's template is
 * the route pattern the gateway matched it with; else the most specific documented template it fits; else the
 * one {@link PathTemplates} infers. Groups are cut at {@code depth} literal segments (a monolith under a context
 * path, {@code /app/api/books}, needs one more) and at the first wildcard.
 */
public final class EndpointCatalog {

    private EndpointCatalog() {}

    public static List<EndpointGroup> of(
            List<RecordedExchange> recorded, List<OpenApiPaths.Operation> documented, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("--group-depth " + depth + ": give 1 or more (path segments per group)");
        }
        Map<String, String> inferred = PathTemplates.infer(recorded.stream()
                .filter(e -> e.template() == null)
                .filter(e -> documentedTemplate(documented, e).isEmpty())
                .map(RecordedExchange::path)
                .toList());
        Map<String, List<RecordedExchange>> byEndpoint = new TreeMap<>();
        for (RecordedExchange e : recorded) {
            String template = e.template() != null
                    ? e.template()
                    : documentedTemplate(documented, e).orElseGet(() -> inferred.get(e.path()));
            byEndpoint
                    .computeIfAbsent(key(e.method(), template), k -> new ArrayList<>())
                    .add(e);
        }
        Set<String> declared = new HashSet<>();
        documented.forEach(o -> declared.add(key(o.method(), o.template())));
        Map<String, List<Endpoint>> groups = new TreeMap<>();
        Set<String> keys = new TreeSet<>(byEndpoint.keySet());
        keys.addAll(declared);
        for (String key : keys) {
            String method = key.substring(0, key.indexOf(' '));
            String template = key.substring(key.indexOf(' ') + 1);
            Endpoint endpoint =
                    endpoint(method, template, byEndpoint.getOrDefault(key, List.of()), declared.contains(key));
            groups.computeIfAbsent(groupPattern(template, depth), g -> new ArrayList<>())
                    .add(endpoint);
        }
        List<EndpointGroup> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        groups.forEach((pattern, endpoints) -> out.add(new EndpointGroup(
                pattern,
                uniqueId(pattern, ids),
                endpoints.stream()
                        .sorted(Comparator.comparing(Endpoint::template).thenComparing(Endpoint::method))
                        .toList())));
        return out;
    }

    private static String key(String method, String template) {
        return method + " " + template;
    }

    private static Optional<String> documentedTemplate(List<OpenApiPaths.Operation> documented, RecordedExchange e) {
        return documented.stream()
                .filter(o -> o.method().equals(e.method()) && PathTemplates.matches(o.template(), e.path()))
                .map(OpenApiPaths.Operation::template)
                .min(Comparator.comparingLong(
                                (String t) -> t.chars().filter(c -> c == '*').count())
                        .thenComparing(Comparator.naturalOrder()));
    }

    private static Endpoint endpoint(String method, String template, List<RecordedExchange> seen, boolean documented) {
        List<Double> durations = seen.stream()
                .map(RecordedExchange::durationMs)
                .filter(d -> d != null)
                .sorted()
                .toList();
        long n = seen.size();
        long server = seen.stream().filter(e -> e.status() >= 500).count();
        long client =
                seen.stream().filter(e -> e.status() >= 400 && e.status() < 500).count();
        return new Endpoint(
                method,
                template,
                n,
                percentile(durations, 50),
                percentile(durations, 99),
                n == 0 ? 0 : (double) server / n,
                n == 0 ? 0 : (double) client / n,
                documented);
    }

    /** The nearest-rank percentile: the smallest value at least {@code p} percent of the values are not above. */
    static Double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static String groupPattern(String template, int depth) {
        List<String> literal = new ArrayList<>();
        for (String segment : PathTemplates.segments(template)) {
            if (literal.size() == depth || segment.contains("*") || segment.contains("{") || segment.contains("?")) {
                break;
            }
            literal.add(segment);
        }
        return literal.isEmpty() ? "/**" : "/" + String.join("/", literal) + "/**";
    }

    /** A route id stem for a group: its literal segments, lower case, joined by '-'. */
    private static String uniqueId(String pattern, Set<String> taken) {
        String stem = pattern.replace("/**", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[^a-z0-9]+|-+$", "");
        if (stem.isEmpty()) {
            stem = "root";
        }
        if (stem.length() > 50) {
            stem = stem.substring(0, 50);
        }
        String id = stem;
        for (int i = 2; !taken.add(id); i++) {
            id = stem + "-" + i;
        }
        return id;
    }
}
