package dev.strangler.playbook.replay;

import dev.strangler.compare.ResponseComparator;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Times an answer gives that are the moment of a request (an order's {@code createdAt}, a session's {@code expiresAt}
 * thirty days on): asking twice does not show them as noise (the same order reads the same twice), and a replay runs
 * later than the recording, so they always differ. A recorded time stands for the replayed one when both are at the
 * same distance from one of this caller's exchanges, the recorded time from the exchange as recorded and the replayed
 * one from it as replayed, within the two exchanges' own durations and a second: {@code createdAt} of an order
 * created by the caller's third request maps to the time of the third request's replay, whichever later request reads
 * it. A time that is not so tied to a request of the caller (a product's fixed release date, a clock off by an hour)
 * is still compared.
 */
final class Moments {

    /** When a request started and when its answer was complete. */
    record Window(Instant start, Instant end) {
        Duration length() {
            return Duration.between(start, end);
        }
    }

    private static final Duration SLACK = Duration.ofSeconds(1);
    private static final Duration HORIZON = Duration.ofDays(400);

    /** The caller's exchanges so far: as recorded, and as replayed. */
    private final List<Window[]> exchanges = new ArrayList<>();

    void replayed(Window recorded, Window replayed) {
        if (recorded != null) {
            exchanges.add(new Window[] {recorded, replayed});
        }
    }

    /**
     * A copy of the expected answer where each time that stands for the replayed one at the same place is that one;
     * {@code paths} gets where.
     */
    JsonNode align(JsonNode expected, JsonNode actual, List<String> paths) {
        if (expected == null || actual == null || exchanges.isEmpty()) {
            return expected;
        }
        return align(new ArrayList<>(), expected, actual, paths);
    }

    private JsonNode align(List<String> path, JsonNode expected, JsonNode actual, List<String> paths) {
        if (expected.isObject() && actual.isObject()) {
            var copy = JsonNodeFactory.instance.objectNode();
            expected.properties().forEach(e -> {
                JsonNode other = actual.get(e.getKey());
                path.add(e.getKey());
                copy.set(e.getKey(), other == null ? e.getValue() : align(path, e.getValue(), other, paths));
                path.remove(path.size() - 1);
            });
            return copy;
        }
        if (expected.isArray() && actual.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < expected.size(); i++) {
                path.add(Integer.toString(i));
                copy.add(i < actual.size() ? align(path, expected.get(i), actual.get(i), paths) : expected.get(i));
                path.remove(path.size() - 1);
            }
            return copy;
        }
        if (expected.isString() && actual.isString() && !expected.equals(actual)) {
            Instant recorded = instant(expected.asString());
            Instant replayed = instant(actual.asString());
            if (recorded != null && replayed != null && sameMoment(recorded, replayed)) {
                paths.add(ResponseComparator.render(path));
                return actual;
            }
        }
        return expected;
    }

    boolean sameMoment(Instant recorded, Instant replayed) {
        for (Window[] e : exchanges) {
            Duration before = Duration.between(e[0].start(), recorded);
            Duration after = Duration.between(e[1].start(), replayed);
            Duration allowed = e[0].length().plus(e[1].length()).plus(SLACK);
            if (before.abs().compareTo(HORIZON) <= 0
                    && before.minus(after).abs().compareTo(allowed) <= 0) {
                return true;
            }
        }
        return false;
    }

    /** An instant written with its offset ({@code 2026-12-07T05:45:46.077Z}); null for anything else. */
    static Instant instant(String text) {
        if (text.length() < 20 || text.length() > 40 || !Character.isDigit(text.charAt(0))) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
