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
 * one with the most specific matching path pattern ({@link PatternSpecificity}); ties cannot happen,
 * the compiler rejects them. Patterns are kept in a tree of their leading literal segments
 * ({@code /api/products/{id}} under {@code api -> products}), so a lookup only tries the patterns on
 * the request's own path through the tree: a handful, whatever the size of the table.
 */
public final class RouteTable {

    private record Entry(int rank, StrangledRoute route, PathPattern pattern) {}

    /** A node of the literal-prefix tree: patterns whose literal prefix ends here, most specific first. */
    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        List<Entry> building = new ArrayList<>();
        Entry[] entries = NONE;

        void freeze() {
            entries = building.toArray(NONE);
            building = null;
            children.values().forEach(Node::freeze);
        }
    }

    private static final Entry[] NONE = new Entry[0];

    private final URI monolith;
    private final Map<String, ServiceEndpoint> services;
    private final List<StrangledRoute> routes;
    private final Map<String, StrangledRoute> byId = new HashMap<>();
    private final Node root = new Node();
    private final String digest;
    private final ReadYourWrites readYourWrites;
    private final PathCase pathCase;

    public RouteTable(URI monolith, Map<String, ServiceEndpoint> services, List<StrangledRoute> routes, String digest) {
        this(monolith, services, routes, digest, ReadYourWrites.OFF);
    }

    public RouteTable(
            URI monolith,
            Map<String, ServiceEndpoint> services,
            List<StrangledRoute> routes,
            String digest,
            ReadYourWrites readYourWrites) {
        this(monolith, services, routes, digest, readYourWrites, PathCase.SENSITIVE);
    }

    /** The routes' patterns must have been parsed with {@code pathCase} ({@link PathCase#parse}). */
    public RouteTable(
            URI monolith,
            Map<String, ServiceEndpoint> services,
            List<StrangledRoute> routes,
            String digest,
            ReadYourWrites readYourWrites,
            PathCase pathCase) {
        this.readYourWrites = readYourWrites;
        this.pathCase = pathCase;
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
        for (int i = 0; i < all.size(); i++) {
            Entry e = new Entry(i, all.get(i).route(), all.get(i).pattern());
            Node node = root;
            for (String literal : literalPrefix(e.pattern().getPatternString())) {
                node = node.children.computeIfAbsent(pathCase.key(literal), k -> new Node());
            }
            node.building.add(e);
        }
        root.freeze();
    }

    public static RouteTable empty(URI monolith) {
        return new RouteTable(monolith, Map.of(), List.of(), "empty");
    }

    /**
     * The route file's read-your-writes settings: which writes pin their caller, and for how long. The
     * pins are not part of this immutable table: they are kept in the live state, across reloads.
     */
    public ReadYourWrites readYourWrites() {
        return readYourWrites;
    }

    /** Whether paths match regardless of case (the route file's {@code case-insensitive-paths}). */
    public PathCase pathCase() {
        return pathCase;
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
        Node node = root;
        Entry best = firstMatch(node.entries, method, path, Integer.MAX_VALUE);
        for (PathContainer.Element element : path.elements()) {
            if (!(element instanceof PathContainer.PathSegment segment)) {
                continue;
            }
            node = node.children.get(pathCase.key(segment.valueToMatch()));
            if (node == null) {
                break;
            }
            Entry deeper = firstMatch(node.entries, method, path, best == null ? Integer.MAX_VALUE : best.rank());
            if (deeper != null) {
                best = deeper;
            }
        }
        return best == null ? null : best.route();
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

    /** The pattern's leading segments up to the first one with a wildcard or variable. */
    static List<String> literalPrefix(String pattern) {
        List<String> literals = new ArrayList<>();
        for (String segment : pattern.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.chars().anyMatch(c -> c == '*' || c == '?' || c == '{' || c == '}')) {
                break;
            }
            literals.add(segment);
        }
        return literals;
    }
}
