package dev.strangler.gateway.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * An immutable, validated route table. Matching picks, among the routes that take the method, the
 * one with the most specific matching path pattern (Spring's {@link PathPattern} order); ties cannot
 * happen, the compiler rejects them. Patterns are indexed by their first literal segment so a lookup
 * tries only the few that can match, whatever the size of the table.
 */
public final class RouteTable {

    private record Entry(int rank, StrangledRoute route, PathPattern pattern) {
    }

    private static final Entry[] NONE = new Entry[0];

    private final URI monolith;
    private final Map<String, ServiceEndpoint> services;
    private final List<StrangledRoute> routes;
    private final Map<String, StrangledRoute> byId = new HashMap<>();
    private final Map<String, Entry[]> byFirstSegment = new HashMap<>();
    private final Entry[] wildcardFirst;
    private final String digest;

    public RouteTable(URI monolith, Map<String, ServiceEndpoint> services, List<StrangledRoute> routes, String digest) {
        this.monolith = monolith;
        this.services = Map.copyOf(services);
        this.routes = List.copyOf(routes);
        this.digest = digest;
        List<Entry> all = new ArrayList<>();
        for (StrangledRoute r : routes) {
            byId.put(r.id(), r);
            for (PathPattern p : r.paths()) {
                all.add(new Entry(0, r, p));
            }
        }
        all.sort(Comparator.comparing(Entry::pattern, PatternSpecificity.ORDER));
        Map<String, List<Entry>> indexed = new HashMap<>();
        List<Entry> wildcards = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Entry e = new Entry(i, all.get(i).route(), all.get(i).pattern());
            String first = literalFirstSegment(e.pattern().getPatternString());
            if (first == null) {
                wildcards.add(e);
            } else {
                indexed.computeIfAbsent(first, k -> new ArrayList<>()).add(e);
            }
        }
        indexed.forEach((k, v) -> byFirstSegment.put(k, v.toArray(NONE)));
        this.wildcardFirst = wildcards.toArray(NONE);
    }

    public static RouteTable empty(URI monolith) {
        return new RouteTable(monolith, Map.of(), List.of(), "empty");
    }

    public URI monolith() {
        return monolith;
    }

    public Map<String, ServiceEndpoint> services() {
        return services;
    }

    public List<StrangledRoute> routes() {
        return routes;
    }

    public StrangledRoute route(String id) {
        return byId.get(id);
    }

    /** A digest of the file this table came from: equal digests, equal tables. */
    public String digest() {
        return digest;
    }

    /** The route that takes this request, or null: unmatched requests go to the monolith. */
    public StrangledRoute match(HttpMethod method, PathContainer path) {
        Entry best = firstMatch(byFirstSegment.getOrDefault(firstSegment(path), NONE), method, path, Integer.MAX_VALUE);
        Entry wildcard = firstMatch(wildcardFirst, method, path, best == null ? Integer.MAX_VALUE : best.rank());
        Entry winner = wildcard != null ? wildcard : best;
        return winner == null ? null : winner.route();
    }

    private static Entry firstMatch(Entry[] entries, HttpMethod method, PathContainer path, int rankBelow) {
        for (Entry e : entries) {
            if (e.rank() >= rankBelow) {
                return null;
            }
            if (e.route().takes(method) && e.pattern().matches(path)) {
                return e;
            }
        }
        return null;
    }

    private static String firstSegment(PathContainer path) {
        for (PathContainer.Element element : path.elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                return segment.valueToMatch();
            }
        }
        return "";
    }

    /** The pattern's first segment when it is a plain literal, else null (it may match any first segment). */
    static String literalFirstSegment(String pattern) {
        String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        int slash = p.indexOf('/');
        String first = slash < 0 ? p : p.substring(0, slash);
        if (first.isEmpty() && slash < 0) {
            return "";
        }
        for (char c : first.toCharArray()) {
            if (c == '*' || c == '?' || c == '{' || c == '}') {
                return null;
            }
        }
        return first;
    }
}
