package dev.strangler.gateway.admin;

import dev.strangler.gateway.api.MigrationProgress;
import dev.strangler.gateway.api.StreamLag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code PUT /admin/migrations/{feature}} accepts: a report of the feature the path names, with sane step
 * numbers, a known status, and every list and text bounded, so that what the replicas share and the status page
 * draws stays small. Every problem is reported at once, each naming its field.
 */
final class MigrationProgressCheck {

    /** The migration plan's rule for a feature's name. */
    static final Pattern FEATURE = Pattern.compile("[a-z][a-z0-9-]{0,40}");

    static final Set<String> STATUSES = Set.of("not started", "running", "passed", "done", "rolled back");

    static final int MAX_STEPS = 100;
    static final int MAX_ROUTES = 50;
    static final int MAX_GATES = 50;
    static final int MAX_STREAMS = 20;
    static final int MAX_TABLES = 50;
    static final int MAX_COLUMNS = 200;
    /** Names: routes, streams, tables, columns, states. */
    static final int MAX_NAME = 100;

    static final int MAX_PHASE = 200;
    /** Texts a person reads: the next line, a gate result. */
    static final int MAX_TEXT = 1_000;

    private MigrationProgressCheck() {}

    /** The problems of a report sent to {@code path}'s feature, as a person reads them; empty when it is fine. */
    static List<String> problems(String path, MigrationProgress p) {
        List<String> out = new ArrayList<>();
        if (!FEATURE.matcher(path).matches()) {
            out.add("the feature in the path must match " + FEATURE.pattern() + " (was '" + path + "')");
        }
        if (p.feature() == null || !p.feature().equals(path)) {
            out.add("feature must be the feature the path names, '" + path + "' (was "
                    + (p.feature() == null ? "missing" : "'" + p.feature() + "'") + ")");
        }
        names(out, "routes", p.routes(), MAX_ROUTES);
        names(out, "writeRoutes", p.writeRoutes(), MAX_ROUTES);
        if (p.steps() < 1 || p.steps() > MAX_STEPS) {
            out.add("steps must be between 1 and " + MAX_STEPS + " (was " + p.steps() + ")");
        } else if (p.step() < 0 || p.step() > p.steps() || (p.step() == 0 && !"not started".equals(p.status()))) {
            out.add("step must be between 1 and steps (" + p.steps() + "), or 0 while not started (was " + p.step()
                    + ")");
        }
        if (p.status() == null || !STATUSES.contains(p.status())) {
            out.add("status must be one of " + STATUSES.stream().sorted().toList() + " (was "
                    + (p.status() == null ? "missing" : "'" + p.status() + "'") + ")");
        }
        text(out, "phase", p.phase(), MAX_PHASE);
        text(out, "next", p.next(), MAX_TEXT);
        if (p.lastGates().size() > MAX_GATES) {
            out.add("lastGates may hold at most " + MAX_GATES + " results (has "
                    + p.lastGates().size() + ")");
        }
        for (int i = 0; i < p.lastGates().size() && i < MAX_GATES; i++) {
            if (p.lastGates().get(i) == null) {
                out.add("lastGates[" + i + "] must not be null");
            }
            text(out, "lastGates[" + i + "]", p.lastGates().get(i), MAX_TEXT);
        }
        streams(out, p.streams());
        ownership(out, p.ownership());
        return out;
    }

    private static void streams(List<String> out, List<StreamLag> streams) {
        if (streams.size() > MAX_STREAMS) {
            out.add("streams may hold at most " + MAX_STREAMS + " streams (has " + streams.size() + ")");
            return;
        }
        for (int i = 0; i < streams.size(); i++) {
            StreamLag s = streams.get(i);
            String field = "streams[" + i + "]";
            if (s == null) {
                out.add(field + " must not be null");
                continue;
            }
            name(out, field + ".stream", s.stream());
            text(out, field + ".state", s.state(), MAX_NAME);
            if (s.lagMillis() != null && s.lagMillis() < 0) {
                out.add(field + ".lagMillis must not be negative (was " + s.lagMillis() + ")");
            }
            if (s.walRetainedBytes() != null && s.walRetainedBytes() < 0) {
                out.add(field + ".walRetainedBytes must not be negative (was " + s.walRetainedBytes() + ")");
            }
        }
    }

    private static void ownership(List<String> out, Map<String, List<String>> ownership) {
        if (ownership.size() > MAX_TABLES) {
            out.add("ownership may name at most " + MAX_TABLES + " tables (has " + ownership.size() + ")");
            return;
        }
        ownership.forEach((table, columns) -> {
            name(out, "ownership table", table);
            names(out, "ownership." + table, columns, MAX_COLUMNS);
        });
    }

    private static void names(List<String> out, String field, List<String> names, int max) {
        if (names.size() > max) {
            out.add(field + " may hold at most " + max + " names (has " + names.size() + ")");
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            name(out, field + "[" + i + "]", names.get(i));
        }
    }

    private static void name(List<String> out, String field, String name) {
        if (name == null || name.isBlank()) {
            out.add(field + " must not be blank");
        } else if (name.length() > MAX_NAME) {
            out.add(field + " must be at most " + MAX_NAME + " characters (has " + name.length() + ")");
        }
    }

    /** An optional text, bounded. */
    private static void text(List<String> out, String field, String text, int max) {
        if (text != null && text.length() > max) {
            out.add(field + " must be at most " + max + " characters (has " + text.length() + ")");
        }
    }
}
