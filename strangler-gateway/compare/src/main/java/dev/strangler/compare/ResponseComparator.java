package dev.strangler.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares two responses: status, the chosen headers, and the body: as JSON trees when both are
 * JSON (numbers by value, so {@code 12.9} equals {@code 12.90}; fields under ignored paths skipped),
 * byte for byte otherwise. Returns the differences, each naming where; none means a match.
 *
 * <p>The gateway's shadow traffic and the playbook's replay both compare with it, so a difference is
 * the same thing to both.
 */
public final class ResponseComparator {

    private static final int MAX_DIFFERENCES = 20;
    private final JsonMapper json = JsonMapper.builder().build();

    public List<String> differences(
            ComparedResponse expected,
            ComparedResponse actual,
            List<String> headers,
            List<JsonPath> ignore,
            Set<String> noise) {
        List<String> out = new ArrayList<>();
        if (expected.status() != actual.status()) {
            out.add("status: " + expected.status() + " vs " + actual.status());
        }
        for (String header : headers) {
            List<String> a = expected.header(header);
            List<String> b = actual.header(header);
            if (!normalise(header, a).equals(normalise(header, b))) {
                out.add("header " + header + ": " + a + " vs " + b);
            }
        }
        if (isJson(expected) && isJson(actual)) {
            try {
                JsonNode left = expected.body().length == 0 ? null : json.readTree(expected.body());
                JsonNode right = actual.body().length == 0 ? null : json.readTree(actual.body());
                diff(new ArrayList<>(), left, right, ignore, noise, out, null);
            } catch (RuntimeException e) {
                if (!Arrays.equals(expected.body(), actual.body())) {
                    out.add("body: not comparable as JSON (" + e.getMessage() + ") and the bytes differ");
                }
            }
        } else if (!Arrays.equals(expected.body(), actual.body())) {
            out.add("body: " + expected.body().length + " bytes vs " + actual.body().length + " bytes, not equal");
        }
        return out.size() > MAX_DIFFERENCES ? out.subList(0, MAX_DIFFERENCES) : out;
    }

    /**
     * The paths, with array indexes written {@code [*]}, where two monolith answers to one request
     * differ in a value and nothing else: what varies by itself (a timestamp, a request id). Only from
     * two successful answers with one status; never the whole body, and never a field that is there in
     * one answer and not in the other or a list whose length changed (a write landed between the two
     * answers: that is data, not noise).
     */
    public Set<String> volatilePaths(ComparedResponse first, ComparedResponse second) {
        Set<String> paths = new TreeSet<>();
        if (!isJson(first) || !isJson(second) || first.status() != second.status() || first.status() / 100 != 2) {
            return paths;
        }
        try {
            List<List<String>> values = new ArrayList<>();
            diff(
                    new ArrayList<>(),
                    json.readTree(first.body()),
                    json.readTree(second.body()),
                    List.of(),
                    Set.of(),
                    new ArrayList<>(),
                    values);
            for (List<String> path : values) {
                if (path.stream()
                        .anyMatch(step ->
                                !isIndex(step))) { // a named field somewhere: not the whole body, nor every item of it
                    paths.add(render(path).replaceAll("\\[\\d+]", "[*]"));
                }
            }
        } catch (RuntimeException e) {
            // not JSON after all: nothing to learn
        }
        return paths;
    }

    /** Adds the differences to {@code out}; those between two values (no object or list on either side) also to {@code values}, when given. */
    private static void diff(
            List<String> path,
            JsonNode a,
            JsonNode b,
            List<JsonPath> ignore,
            Set<String> noise,
            List<String> out,
            List<List<String>> values) {
        if (out.size() > MAX_DIFFERENCES || ignored(path, ignore, noise)) {
            return;
        }
        if (a == null || b == null || a.isNull() || b.isNull()) {
            if (!Objects.equals(a == null || a.isNull() ? null : a, b == null || b.isNull() ? null : b)) {
                out.add(render(path) + ": " + brief(a) + " vs " + brief(b));
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.propertyNames().forEach(names::add);
            b.propertyNames().forEach(names::add);
            for (String name : names) {
                path.add(name);
                JsonNode x = a.get(name);
                JsonNode y = b.get(name);
                if ((x == null) != (y == null) && !ignored(path, ignore, noise)) {
                    out.add(render(path) + ": " + (x == null ? "missing" : brief(x)) + " vs "
                            + (y == null ? "missing" : brief(y)));
                } else {
                    diff(path, x, y, ignore, noise, out, values);
                }
                path.remove(path.size() - 1);
            }
        } else if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                out.add(render(path) + ": " + a.size() + " items vs " + b.size() + " items");
            }
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                path.add(Integer.toString(i));
                diff(path, a.get(i), b.get(i), ignore, noise, out, values);
                path.remove(path.size() - 1);
            }
        } else if (a.isNumber() && b.isNumber()) {
            if (a.decimalValue().compareTo(b.decimalValue()) != 0) {
                out.add(render(path) + ": " + a + " vs " + b);
                if (values != null) {
                    values.add(List.copyOf(path));
                }
            }
        } else if (!a.equals(b)) {
            out.add(render(path) + ": " + brief(a) + " vs " + brief(b));
            if (values != null && a.isValueNode() && b.isValueNode()) {
                values.add(List.copyOf(path));
            }
        }
    }

    private static boolean ignored(List<String> path, List<JsonPath> ignore, Set<String> noise) {
        for (JsonPath p : ignore) {
            if (p.covers(path)) {
                return true;
            }
        }
        return !noise.isEmpty() && noise.contains(render(path).replaceAll("\\[\\d+]", "[*]"));
    }

    private static boolean isIndex(String step) {
        return !step.isEmpty() && step.chars().allMatch(Character::isDigit);
    }

    /** A concrete path as the differences name it: {@code $.items[0].name}. */
    public static String render(List<String> path) {
        StringBuilder b = new StringBuilder("$");
        for (String step : path) {
            if (step.chars().allMatch(Character::isDigit) && !step.isEmpty()) {
                b.append('[').append(step).append(']');
            } else {
                b.append('.').append(step);
            }
        }
        return b.toString();
    }

    private static String brief(JsonNode node) {
        if (node == null) {
            return "missing";
        }
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static boolean isJson(ComparedResponse r) {
        String type = r.firstHeader("Content-Type");
        return type != null && type.toLowerCase().contains("json") && !r.truncated();
    }

    private static List<String> normalise(String header, List<String> values) {
        if (header.equalsIgnoreCase("Content-Type")) {
            return values.stream().map(v -> v.replace(" ", "").toLowerCase()).toList();
        }
        return values;
    }
}
