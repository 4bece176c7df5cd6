package dev.strangler.gateway.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.path.AmbiguousPathException;
import dev.strangler.gateway.path.CanonicalPath;
import dev.strangler.gateway.routing.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

/**
 * Route files as a team edits them, generated: a well-formed skeleton whose values come from valid
 * and broken ones (unknown modes and services, bad URLs, percents, durations and patterns, YAML
 * punctuation inside values), with lines dropped, duplicated or shifted. Whatever the file, the
 * compiler either gives a table that can decide any request, or rejects it with every problem on a
 * line of its own; nothing else escapes.
 */
class RouteFilePropertiesTest {

    private final RouteTableCompiler compiler = new RouteTableCompiler();

    @Property(tries = 600)
    @StatisticsReport(onFailureOnly = true)
    void aRouteFileIsCompiledOrRejectedWithEveryProblemNamingALine(
            @ForAll("routeFiles") String text, @ForAll("paths") List<String> paths) {
        // Both outcomes must be common, or the generator tests only one side.
        Statistics.coverage(checker -> {
            checker.check("compiled").percentage(p -> p > 5);
            checker.check("rejected").percentage(p -> p > 20);
        });
        RouteTable table;
        try {
            table = compiler.compile("generated.yaml", text);
        } catch (RouteTableException rejected) {
            Statistics.collect("rejected");
            assertThat(rejected.problems())
                    .as(text)
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p).as(text).matches("(?s)line \\d+: .+"));
            return;
        }
        Statistics.collect("compiled");
        for (String raw : paths) {
            String path;
            try {
                path = CanonicalPath.of(raw);
            } catch (AmbiguousPathException refused) {
                continue; // answered 400 before any route is decided
            }
            for (HttpMethod method :
                    List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PATCH, HttpMethod.POST, HttpMethod.OPTIONS)) {
                table.match(method, PathContainer.parsePath(path));
            }
        }
    }

    /** Paths near the generated routes' patterns and far from them, some not canonical. */
    @Provide
    Arbitrary<List<String>> paths() {
        Arbitrary<String> segment = Arbitraries.of(
                "api",
                "API",
                "products",
                "admin",
                "categories",
                "1",
                "7",
                "x",
                "",
                ".",
                "..",
                "%2e",
                "é",
                "{id}",
                "*",
                "**");
        return segment.list()
                .ofMinSize(0)
                .ofMaxSize(5)
                .map(l -> "/" + String.join("/", l))
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> routeFiles() {
        // Some files use valid values only (most of them compile), the others any value, with edits.
        return Arbitraries.frequencyOf(
                Tuple.of(3, file(false)),
                Tuple.of(
                        7,
                        Combinators.combine(
                                        file(true),
                                        Arbitraries.integers().between(0, 3),
                                        Arbitraries.integers().between(0, 1_000))
                                .as(RouteFilePropertiesTest::mutate)));
    }

    private static Arbitrary<String> file(boolean wild) {
        return Combinators.combine(
                        value(
                                wild,
                                List.of("http://127.0.0.1:9001", "https://monolith.internal", "http://[::1]:80/ctx"),
                                List.of("ftp://x", "", "not a url")),
                        services(wild),
                        routes(wild).list().ofMinSize(0).ofMaxSize(3),
                        extras(wild))
                .as((monolith, services, routes, extras) ->
                        "monolith: " + monolith + "\n" + services + "routes:\n" + String.join("", routes) + extras);
    }

    /** Drops, duplicates or shifts a few lines, as a hurried edit does. */
    private static String mutate(String text, int edits, int seed) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        Random random = new Random(seed);
        for (int i = 0; i < edits && lines.size() > 1; i++) {
            int at = 1 + random.nextInt(lines.size() - 1);
            switch (random.nextInt(3)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, lines.get(at));
                default -> lines.set(at, " " + lines.get(at));
            }
        }
        return String.join("\n", lines);
    }

    private static Arbitrary<String> services(boolean wild) {
        Arbitrary<String> catalog = Combinators.combine(
                        value(wild, List.of("http://127.0.0.1:9002", "http://svc:80"), List.of("nope", "")),
                        value(wild, List.of("800ms", "5s"), List.of("-1s", "soon", "0s")))
                .as((url, timeout) -> "  catalog:\n    url: " + url + "\n    timeout: " + timeout + "\n");
        Arbitrary<String> other = Combinators.combine(
                        value(wild, List.of("orders", "x"), List.of("Catalog", "a b")),
                        value(wild, List.of("http://127.0.0.1:9003"), List.of("nope")))
                .as((name, url) -> "  " + name + ":\n    url: " + url + "\n");
        return Arbitraries.oneOf(
                Arbitraries.just(""),
                catalog.map(s -> "services:\n" + s),
                Combinators.combine(catalog, other).as((a, b) -> "services:\n" + a + b));
    }

    private static Arbitrary<String> routes(boolean wild) {
        Arbitrary<String> head = Combinators.combine(
                        value(wild, List.of("catalog-read", "catalog-admin", "r1"), List.of("Bad Id", "")),
                        value(wild, List.of("[GET]", "[GET, HEAD]", "[PATCH]"), List.of("[FETCH]", "GET", "[]")),
                        value(
                                wild,
                                List.of(
                                        "[/api/products/**]",
                                        "[/api/admin/products/*]",
                                        "[/api/categories, /api/products/{id}]"),
                                List.of("[/api/**/x]", "[api/no-slash]", "[/a/{b]", "[]", "/single")),
                        value(wild, List.of("catalog"), List.of("orders", "catalgo", "")))
                .as((id, methods, paths, service) -> "  - id: " + id + "\n    methods: " + methods + "\n    paths: "
                        + paths + "\n    service: " + service + "\n");
        Arbitrary<String> tail = Combinators.combine(
                        value(wild, List.of("monolith", "shadow", "service"), List.of("canary", "half", "")),
                        value(
                                wild,
                                List.of(""),
                                List.of(
                                        "    percent: 12.5\n",
                                        "    percent: 150\n",
                                        "    percent: lots\n",
                                        "    percent: 12.345\n")),
                        value(
                                wild,
                                List.of(
                                        "",
                                        "    stick-by: [header:X-Device-Id, cookie:sid]\n",
                                        "    stick-by: [client-ip]\n",
                                        "    stick-by: [jwt-claim:sub, query:u]\n"),
                                List.of("    stick-by: [session]\n")),
                        value(
                                wild,
                                List.of(
                                        "",
                                        "    fallback: none\n",
                                        "    targeting:\n      - header: X-Beta\n        values: [\"yes\"]\n        target: service\n",
                                        "    shadow:\n      ignore: [\"$.generatedAt\", \"$.items[*].updatedAt\"]\n      delay: 50ms\n"),
                                List.of(
                                        "    fallback: sometimes\n",
                                        "    targeting:\n      - header: X-Beta\n        target: elsewhere\n",
                                        "    shadow:\n      ignore: [\"$..\", \"not a path\"]\n      mirror-unsafe: maybe\n")))
                .as((mode, percent, stickBy, more) -> "    mode: " + mode + "\n" + percent + stickBy + more);
        return Combinators.combine(head, tail).as(String::concat);
    }

    private static Arbitrary<String> extras(boolean wild) {
        return value(
                wild,
                List.of(
                        "",
                        "read-your-writes: {window: 10s, key: [header:X-Device-Id]}\n",
                        "case-insensitive-paths: true\n"),
                List.of(
                        "read-your-writes: {window: forever}\n",
                        "case-insensitive-paths: perhaps\n",
                        "unknown-key: 1\n",
                        "routes: again\n",
                        "anchors: &a [1]\nmore: *a\n",
                        "key: \"unclosed\n",
                        "key: [unbalanced\n",
                        "- a list\n",
                        "\t tab: x\n"));
    }

    /**
     * A valid value; when wild, sometimes an invalid one, or some text with the characters YAML gives
     * meaning to.
     */
    private static Arbitrary<String> value(boolean wild, List<String> valid, List<String> invalid) {
        if (!wild) {
            return Arbitraries.of(valid);
        }
        Arbitrary<String> odd = Arbitraries.strings()
                .withChars(":-[]{},#&*!|>'\"%@`?/ .aZ09")
                .ofMinLength(1)
                .ofMaxLength(12);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(valid)), Tuple.of(3, Arbitraries.of(invalid)), Tuple.of(1, odd));
    }
}
