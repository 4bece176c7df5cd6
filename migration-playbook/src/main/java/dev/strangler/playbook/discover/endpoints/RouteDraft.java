package dev.strangler.playbook.discover.endpoints;

import static dev.strangler.playbook.discover.YamlText.comment;
import static dev.strangler.playbook.discover.YamlText.list;
import static dev.strangler.playbook.discover.YamlText.scalar;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A draft route file in the gateway's format: the monolith, no service yet, and per resource group a read route
 * (GET, HEAD) and a write route (the other methods seen), all in {@code monolith} mode, so putting the gateway in
 * front with it changes nothing. Each route says in a comment what was seen of its endpoints.
 */
public final class RouteDraft {

    /**
     * The methods a write route can take (the route file's others are GET and HEAD), in the order it lists them,
     * whatever order they were seen in.
     */
    private static final List<String> WRITE_ORDER = List.of("POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private RouteDraft() {}

    /** The file's text; {@code sources} says where the endpoints came from, for its header. */
    public static String yaml(String monolith, List<EndpointGroup> groups, String sources) {
        StringBuilder y = new StringBuilder();
        y.append("# DRAFT route file written by `strangler discover` from ")
                .append(comment(sources))
                .append(":\n")
                .append(
                        "# a starting point a person edits. Every route is in monolith mode: with this file the gateway\n")
                .append(
                        "# sends everything to the monolith, as without it. To fill in: under services, each extracted\n")
                .append(
                        "# service (name: {url: http://host:port}); on a route that moves, service: NAME, stick-by and\n")
                .append(
                        "# shadow options; merge, split or narrow the groups (one per resource, reads apart from writes)\n")
                .append("# so that each route is what moves together. Patterns with { must stay quoted.\n");
        y.append("monolith: ").append(scalar(monolith)).append('\n');
        y.append("# services:\n#   books: {url: http://books-service:8080, timeout: 5s}\n");
        y.append("routes:");
        boolean any = false;
        for (EndpointGroup group : groups) {
            List<Endpoint> reads =
                    group.endpoints().stream().filter(Endpoint::read).toList();
            List<Endpoint> writes =
                    group.endpoints().stream().filter(e -> !e.read()).toList();
            if (!reads.isEmpty()) {
                route(y, group, group.id() + "-read", List.of("GET", "HEAD"), reads);
                any = true;
            }
            if (!writes.isEmpty()) {
                Set<String> seen = new HashSet<>();
                writes.forEach(e -> seen.add(e.method()));
                List<String> methods = new ArrayList<>(WRITE_ORDER);
                methods.retainAll(seen);
                List<String> unroutable = seen.stream()
                        .filter(m -> !WRITE_ORDER.contains(m))
                        .sorted()
                        .toList();
                if (!unroutable.isEmpty()) {
                    y.append("\n  # ")
                            .append(group.pattern())
                            .append(": ")
                            .append(String.join(", ", unroutable))
                            .append(" seen, which no route can name (a route takes GET, HEAD, ")
                            .append(String.join(", ", WRITE_ORDER))
                            .append("): those requests go to the monolith as unmatched ones do");
                }
                if (!methods.isEmpty()) {
                    route(y, group, group.id() + "-write", methods, writes);
                    any = true;
                }
            }
        }
        if (!any) {
            y.append(" []   # no endpoint seen\n");
        }
        return y.toString();
    }

    private static void route(
            StringBuilder y, EndpointGroup group, String id, List<String> methods, List<Endpoint> endpoints) {
        y.append("\n");
        long volume = endpoints.stream().mapToLong(Endpoint::volume).sum();
        y.append("  # ")
                .append(group.pattern())
                .append(": ")
                .append(endpoints.size())
                .append(endpoints.size() == 1 ? " endpoint, " : " endpoints, ")
                .append(volume)
                .append(volume == 1 ? " request\n" : " requests\n");
        for (Endpoint e : endpoints) {
            y.append("  #   ").append(comment(describe(e))).append('\n');
        }
        y.append("  - id: ").append(scalar(id)).append('\n');
        y.append("    methods: ").append(list(methods)).append('\n');
        y.append("    paths: ").append(list(List.of(group.pattern()))).append('\n');
        y.append("    mode: monolith\n");
    }

    /** {@code GET /api/books/*: 120 requests, p50 12.5 ms, p99 80 ms, 5xx 0.8 %, 4xx 2.5 %}. */
    public static String describe(Endpoint e) {
        StringBuilder d =
                new StringBuilder(e.method()).append(' ').append(e.template()).append(": ");
        if (e.volume() == 0) {
            return d.append("not seen in the recording (declared in the OpenAPI document)")
                    .toString();
        }
        d.append(e.volume()).append(e.volume() == 1 ? " request" : " requests");
        if (e.p50Ms() != null) {
            d.append(", p50 ").append(ms(e.p50Ms())).append(", p99 ").append(ms(e.p99Ms()));
        }
        d.append(", 5xx ")
                .append(percent(e.serverErrorShare()))
                .append(", 4xx ")
                .append(percent(e.clientErrorShare()));
        if (e.documented()) {
            d.append(" (documented)");
        }
        return d.toString();
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f ms", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
