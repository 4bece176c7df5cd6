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
 * the compiler rejects them. Patterns are kept in a tree of their leading segments: literal ones, and
 * whole-segment variables ({@code {id}}, {@code *}) as one "any segment" edge when more of the pattern
 * follows them ({@code /api/{v}/products/{id}} under {@code api -> (any) -> products}), so a lookup only
 * tries the patterns on the request's own paths through the tree: a handful, whatever the size of the
 * table, and whatever variables the routes share in front of what tells them apart.
 */
public final class RouteTable {

    private record Entry(int rank, StrangledRoute route, PathPattern pattern) {}

    /** A node of the prefix tree: patterns whose indexed prefix ends here, most specific first. */
    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        /** The edge of a whole-segment variable: any one segment goes on here. */
        Node any;

        List<Entry> building = new ArrayList<>();
        Entry[] entries = NONE;

        void freeze() {
            entries = building.toArray(NONE);
            building = null;
            children.values().forEach(Node::freeze);
            if (any != null) {
                any.freeze();
            }
        }
    }

    /** The key of the "any segment" edge in {@link #indexedPrefix}: never a literal (a segment has no '/'). */
    static final String ANY_SEGMENT = "/";

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
            for (String key : indexedPrefix(e.pattern().getPatternString())) {
                if (key.equals(ANY_SEGMENT)) {
                    node = node.any != null ? node.any : (node.any = new Node());
                } else {
                    node = node.children.computeIfAbsent(pathCase.key(key), k -> new Node());
                }
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
        Entry best = best(root, path.elements(), 0, method, path, null);
        return best == null ? null : best.route();
    }

    /**
     * The most specific match at {@code node} and below it along the path's segments from element {@code from}: the
     * literal edge of the next segment, and the "any segment" edge, both (the ranks decide between what they find).
     * Walks the parsed path's own elements: nothing is allocated (but a case-folded key where paths ignore case).
     */
    private Entry best(
            Node node,
            List<PathContainer.Element> elements,
            int from,
            HttpMethod method,
            PathContainer path,
            Entry best) {
        Entry here = firstMatch(node.entries, method, path, best == null ? Integer.MAX_VALUE : best.rank());
        if (here != null) {
            best = here;
        }
        if (node.children.isEmpty() && node.any == null) {
            return best;
        }
        int at = from;
        while (at < elements.size() && !(elements.get(at) instanceof PathContainer.PathSegment)) {
            at++;
        }
        if (at == elements.size()) {
            return best;
        }
        if (!node.children.isEmpty()) {
            String key = pathCase.key(((PathContainer.PathSegment) elements.get(at)).valueToMatch());
            Node literal = node.children.get(key);
            if (literal != null) {
                best = best(literal, elements, at + 1, method, path, best);
            }
        }
        if (node.any != null) {
            best = best(node.any, elements, at + 1, method, path, best);
        }
        return best;
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

    /**
     * The pattern's leading segments the tree indexes: literal ones, and {@link #ANY_SEGMENT} for a segment that is a
     * whole variable ({@code {id}}, {@code {id:\\d+}}, {@code *}) with more of the pattern after it; up to the first
     * other segment ({@code **}, {@code {*rest}}, {@code item-*}, {@code ?}) or a whole variable that ends the pattern
     * (it may match a path that ends before it: {@code /api/*} takes {@code /api/}).
     */
    static List<String> indexedPrefix(String pattern) {
        List<String> segments = new ArrayList<>();
        for (String segment : pattern.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.chars().noneMatch(c -> c == '*' || c == '?' || c == '{' || c == '}')) {
                keys.add(segment);
            } else if (i < segments.size() - 1 && wholeVariable(segment)) {
                keys.add(ANY_SEGMENT);
            } else {
                break;
            }
        }
        return keys;
    }

    /** {@code *}, or one capture variable {@code {name}} / {@code {name:regex}} that is the whole segment. */
    private static boolean wholeVariable(String segment) {
        if (segment.equals("*")) {
            return true;
        }
        return segment.startsWith("{")
                && segment.endsWith("}")
                && !segment.startsWith("{*")
                && segment.indexOf('}') == segment.length() - 1;
    }
}
