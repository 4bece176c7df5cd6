package dev.strangler.playbook.discover.endpoints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Path templates for paths no route matched, learned from the paths themselves: a segment that is a number, a
 * UUID or a long hex string is an identifier and becomes {@code *}; so does a position whose values vary across
 * requests whose paths are otherwise equal, when the values are many and each is rare (at least
 * {@value #MIN_DISTINCT} distinct values, and at least one distinct value per {@value #REQUESTS_PER_VALUE}
 * requests): slugs and names vary that way, resources ({@code /api/books}, {@code /api/authors}) do not. Literal
 * segments are kept.
 */
public final class PathTemplates {

    static final int MIN_DISTINCT = 3;
    static final int REQUESTS_PER_VALUE = 2;

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+");
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern LONG_HEX = Pattern.compile("(?=.*[0-9])[0-9a-fA-F]{16,}");

    private PathTemplates() {}

    /** The template of each path of {@code paths} (with repeats: how often each was requested counts). */
    public static Map<String, String> infer(List<String> paths) {
        Map<String, List<String>> shapes = new LinkedHashMap<>();
        for (String path : paths) {
            shapes.computeIfAbsent(path, p -> identifiersOut(segments(p)));
        }
        List<List<String>> requests = new ArrayList<>();
        for (String path : paths) {
            requests.add(shapes.get(path));
        }
        Set<String> varying = varyingPositions(requests);
        Map<String, String> templates = new LinkedHashMap<>();
        shapes.forEach((path, shape) -> {
            List<String> out = new ArrayList<>(shape);
            for (int i = 0; i < out.size(); i++) {
                if (varying.contains(positionKey(shape, i))) {
                    out.set(i, "*");
                }
            }
            templates.put(path, "/" + String.join("/", out));
        });
        return templates;
    }

    /** Whether {@code path} matches {@code template}, whose {@code *} stands for one segment. */
    public static boolean matches(String template, String path) {
        List<String> t = segments(template);
        List<String> p = segments(path);
        if (t.size() != p.size()) {
            return false;
        }
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).equals("*") && !t.get(i).equals(p.get(i))) {
                return false;
            }
        }
        return true;
    }

    static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> identifiersOut(List<String> segments) {
        return segments.stream().map(s -> isIdentifier(s) ? "*" : s).toList();
    }

    static boolean isIdentifier(String segment) {
        return NUMBER.matcher(segment).matches()
                || UUID.matcher(segment).matches()
                || LONG_HEX.matcher(segment).matches();
    }

    /** The positions (as "the path with this position blanked, and the position") whose values vary enough. */
    private static Set<String> varyingPositions(List<List<String>> requests) {
        Map<String, Set<String>> values = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> shape : requests) {
            for (int i = 0; i < shape.size(); i++) {
                String key = positionKey(shape, i);
                values.computeIfAbsent(key, k -> new TreeSet<>()).add(shape.get(i));
                counts.merge(key, 1, Integer::sum);
            }
        }
        Set<String> varying = new TreeSet<>();
        values.forEach((key, distinct) -> {
            if (distinct.size() >= MIN_DISTINCT && distinct.size() * REQUESTS_PER_VALUE >= counts.get(key)) {
                varying.add(key);
            }
        });
        return varying;
    }

    private static String positionKey(List<String> shape, int position) {
        List<String> blanked = new ArrayList<>(shape);
        blanked.set(position, "\u0000");
        return position + ":" + String.join("/", blanked);
    }
}
