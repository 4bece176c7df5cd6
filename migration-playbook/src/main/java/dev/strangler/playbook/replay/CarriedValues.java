package dev.strangler.playbook.replay;

import dev.strangler.compare.ComparedResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one caller's replay has learned from the target so far and carries into its later requests, as the app
 * would: the value each placeholder stands for (a login's token), found at the placeholder's place in an answer (JSON
 * path, header, cookie); and the new value of each identifier a replayed write was given (a created order's id), put
 * in place of the recorded one in later paths, queries and bodies, and in the recorded answers they are compared with,
 * where the recording names that resource ({@link CarriedId}).
 *
 * <p>It also remembers what skipped requests would have given (the placeholders of their answers, the ids writes
 * create), so that a later request that needs one is reported as depending on a skipped write rather than as a
 * difference.
 */
final class CarriedValues {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> placeholders;
    private final List<CarriedId> ids;
    private final Set<String> unavailablePlaceholders;
    private final List<CarriedId> unavailableIds;

    /** A caller's values, with nothing shared with another caller. */
    CarriedValues() {
        this(new Shared());
    }

    /**
     * A caller's values, with those of the whole recording: a placeholder stands for one secret wherever it is, and a
     * recorded id for one resource, so the token or the user id one caller's login answered is the one another caller
     * sends (the recorder knows a caller by its device before its login and by its credential after).
     */
    CarriedValues(Shared shared) {
        this.placeholders = shared.values;
        this.unavailablePlaceholders = shared.unavailable;
        this.ids = shared.ids;
        this.unavailableIds = shared.unavailableIds;
    }

    /**
     * What the replay learned for the whole recording: what each placeholder stands for on the target, given by the
     * user (what the recorder redacted from requests, a password) or learned from an answer (a token); and the new
     * value of each id a replayed write was given.
     */
    static final class Shared {
        private final Map<String, String> values;
        private final Set<String> unavailable = new HashSet<>();
        private final List<CarriedId> ids = new ArrayList<>();
        private final List<CarriedId> unavailableIds = new ArrayList<>();

        Shared() {
            this(Map.of());
        }

        Shared(Map<String, String> given) {
            this.values = new HashMap<>(given);
        }
    }

    /** The recorded request with every carried value in place. */
    RecordedRequest request(RecordedRequest recorded) {
        Map<String, String> headers = new LinkedHashMap<>();
        recorded.headers().forEach((name, value) -> headers.put(name, Placeholders.fill(value, placeholders)));
        String body = recorded.body();
        if (body != null) {
            JsonNode tree = parse(body);
            body = tree != null
                    ? JSON.writeValueAsString(JsonValues.substitute(tree, placeholders, ids))
                    : Placeholders.fill(body, placeholders);
        }
        return new RecordedRequest(recorded.method(), url(recorded.url()), headers, body, recorded.binary());
    }

    /** The recorded answer as this target should give it now: carried values in place of the recorded ones. */
    ComparedResponse expected(ComparedResponse recorded) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        recorded.headers()
                .forEach((name, values) -> headers.put(
                        name,
                        values.stream()
                                .map(v -> Placeholders.fill(v, placeholders))
                                .toList()));
        byte[] body = recorded.body();
        JsonNode tree = parse(new String(body, StandardCharsets.UTF_8));
        if (tree != null && (!placeholders.isEmpty() || !ids.isEmpty())) {
            body = JSON.writeValueAsBytes(JsonValues.substitute(tree, placeholders, ids));
        }
        return new ComparedResponse(recorded.status(), headers, body, recorded.truncated());
    }

    /**
     * Learns from the target's answer: every placeholder of the recorded answer is bound to what the target answered
     * at its place; for a write, every identifier that came back different is carried from now on.
     */
    void learn(RecordedRequest request, ComparedResponse recorded, ComparedResponse actual) {
        recorded.headers().forEach((name, values) -> {
            for (String value : values) {
                if (!Placeholders.in(value).isEmpty()) {
                    bindHeader(name, value, actual.header(name));
                }
            }
        });
        JsonNode before = parse(new String(recorded.body(), StandardCharsets.UTF_8));
        JsonNode now = parse(new String(actual.body(), StandardCharsets.UTF_8));
        JsonValues.pairs(before, now, (field, old, current) -> {
            String was = JsonValues.token(old);
            String is = JsonValues.token(current);
            if (was == null || is == null) {
                return;
            }
            if (!Placeholders.in(was).isEmpty()) {
                Placeholders.match(was, is).forEach(placeholders::put);
            } else if (request.isWrite() && JsonValues.isIdentifier(field) && !was.equals(is)) {
                ids.add(0, CarriedId.of(field, was, is, request.url())); // the latest first: it wins
            }
        });
    }

    /**
     * A request that was not replayed: the placeholders its answer would have bound, and for a write the ids of what
     * it would have created, are not available to later requests.
     */
    void skipped(RecordedRequest request, ComparedResponse recorded) {
        recorded.headers()
                .values()
                .forEach(values -> values.forEach(v -> unavailablePlaceholders.addAll(Placeholders.in(v))));
        String body = new String(recorded.body(), StandardCharsets.UTF_8);
        unavailablePlaceholders.addAll(Placeholders.in(body));
        unavailablePlaceholders.removeAll(placeholders.keySet());
        JsonNode answer = parse(body);
        if (request.isWrite() && answer != null && answer.isObject()) {
            // the resource the write created: its own top-level ids, not those it refers to (items[0].productId)
            answer.properties().forEach(e -> {
                String token = JsonValues.token(e.getValue());
                if (JsonValues.isIdentifier(e.getKey()) && token != null) {
                    unavailableIds.add(CarriedId.of(e.getKey(), token, null, request.url()));
                }
            });
        }
    }

    /** The value of a skipped request that {@code request} (as recorded) needs, or null when it needs none. */
    /**
     * The first placeholder of the request that has no value: neither given nor learned from an earlier answer (a
     * redacted password, a session cookie from before the recording started); null when every one has one.
     */
    String unbound(RecordedRequest request) {
        for (String p : placeholdersOf(request)) {
            if (!placeholders.containsKey(p)) {
                return p;
            }
        }
        return null;
    }

    /** Invents a value for every placeholder of the request that has none yet (see {@link InventedSecrets}). */
    void invent(RecordedRequest request, InventedSecrets invented) {
        for (String p : placeholdersOf(request)) {
            if (!placeholders.containsKey(p) && !unavailablePlaceholders.contains(p)) {
                placeholders.put(p, invented.value(Placeholders.fieldOf(request, p)));
            }
        }
    }

    private static List<String> placeholdersOf(RecordedRequest request) {
        List<String> used = new ArrayList<>();
        request.headers().values().forEach(v -> used.addAll(Placeholders.in(v)));
        used.addAll(Placeholders.in(request.url()));
        used.addAll(Placeholders.in(request.body()));
        return used;
    }

    String needsSkipped(RecordedRequest request) {
        for (String p : placeholdersOf(request)) {
            if (unavailablePlaceholders.contains(p)) {
                return p;
            }
        }
        if (unavailableIds.isEmpty()) {
            return null;
        }
        String[] parts = request.url().split("\\?", 2);
        String[] segments = parts[0].split("/");
        for (int i = 1; i < segments.length; i++) {
            for (CarriedId id : unavailableIds) {
                if (id.inPath(segments[i - 1], segments[i])) {
                    return id.was();
                }
            }
        }
        List<String[]> named = new ArrayList<>();
        if (parts.length > 1) {
            for (String pair : parts[1].split("&")) {
                int eq = pair.indexOf('=');
                named.add(
                        eq < 0
                                ? new String[] {pair, ""}
                                : new String[] {pair.substring(0, eq), pair.substring(eq + 1)});
            }
        }
        JsonValues.scalars(request.body() == null ? null : parse(request.body()), (field, value, same) -> {
            String token = JsonValues.token(value);
            if (token != null) {
                named.add(new String[] {field, token});
            }
        });
        for (String[] pair : named) {
            for (CarriedId id : unavailableIds) {
                if (id.at(pair[0], pair[1])) {
                    return id.was();
                }
            }
        }
        return null;
    }

    private void bindHeader(String name, String recorded, List<String> actual) {
        boolean cookie = name.equalsIgnoreCase("Set-Cookie");
        String cookieName = cookie ? recorded.substring(0, Math.max(0, recorded.indexOf('='))) : null;
        for (String value : actual) {
            if (cookie) {
                if (value.startsWith(cookieName + "=")) {
                    Placeholders.match(recorded.split(";", 2)[0], value.split(";", 2)[0])
                            .forEach(placeholders::put);
                    return;
                }
            } else {
                Map<String, String> bound = Placeholders.match(recorded, value);
                if (!bound.isEmpty()) {
                    bound.forEach(placeholders::put);
                    return;
                }
            }
        }
    }

    /** Carried ids in their places in the path and the query; placeholders filled everywhere. */
    private String url(String url) {
        String[] parts = Placeholders.fill(url, placeholders).split("\\?", 2);
        String path = CarriedId.inPath(parts[0], ids);
        if (parts.length == 1) {
            return path;
        }
        List<String> query = new ArrayList<>();
        for (String pair : parts[1].split("&", -1)) {
            int eq = pair.indexOf('=');
            String value = eq < 0 ? null : pair.substring(eq + 1);
            String replaced = pair;
            for (CarriedId id : ids) {
                if (value != null && id.at(pair.substring(0, eq), value)) {
                    replaced = pair.substring(0, eq + 1) + id.now();
                    break;
                }
            }
            query.add(replaced);
        }
        return path + "?" + String.join("&", query);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (!t.startsWith("{") && !t.startsWith("[")) {
            return null;
        }
        try {
            return JSON.readTree(t);
        } catch (JacksonException e) {
            return null;
        }
    }
}
