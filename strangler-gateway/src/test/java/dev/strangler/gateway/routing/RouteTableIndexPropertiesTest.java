package dev.strangler.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.table.RouteTableCompiler;
import dev.strangler.gateway.table.RouteTableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The prefix tree is an index, never a rule: for any table and any path, {@link RouteTable#match} finds what trying
 * every pattern of every route finds (the most specific matching one), variables in front of literals included.
 */
class RouteTableIndexPropertiesTest {

    private final RouteTableCompiler compiler = new RouteTableCompiler();

    @Property(tries = 1500)
    @StatisticsReport(onFailureOnly = true)
    void theTreeFindsWhatTryingEveryPatternFinds(
            @ForAll("patterns") List<String> patterns,
            @ForAll("paths") List<String> paths,
            @ForAll boolean caseInsensitive) {
        StringBuilder yaml = new StringBuilder("monolith: http://127.0.0.1:9001\n"
                + (caseInsensitive ? "case-insensitive-paths: true\n" : "")
                + "services:\n  s:\n    url: http://127.0.0.1:9002\nroutes:\n");
        for (int i = 0; i < patterns.size(); i++) {
            yaml.append("  - {id: r")
                    .append(i)
                    .append(", paths: ['")
                    .append(patterns.get(i))
                    .append("'], service: s, mode: service}\n");
        }
        RouteTable table;
        try {
            table = compiler.compile("generated.yaml", yaml.toString());
        } catch (RouteTableException ambiguous) {
            Assume.that(false);
            return;
        }
        for (String raw : paths) {
            PathContainer path = PathContainer.parsePath(raw);
            StrangledRoute found = table.match(HttpMethod.GET, path);
            StrangledRoute scanned = scan(table, path);
            Statistics.collect(scanned == null ? "no route" : "a route");
            assertThat(found == null ? null : found.id())
                    .as("%s in %s", raw, patterns)
                    .isEqualTo(scanned == null ? null : scanned.id());
        }
    }

    @Test
    void aDeepTableOfSharedVariablesIsToldApartBelowThem() {
        String prefix = "/api/v2/tenants/{tenant}/projects/{project}/boards/{board}/lanes/{lane}";
        StringBuilder yaml = new StringBuilder(
                "monolith: http://127.0.0.1:9001\nservices:\n  s:\n    url: http://127.0.0.1:9002\nroutes:\n");
        for (int i = 0; i < 300; i++) {
            yaml.append("  - {id: r")
                    .append(i)
                    .append(", paths: ['")
                    .append(prefix)
                    .append("/g")
                    .append(i / 10)
                    .append("/r")
                    .append(i % 10)
                    .append("/**'], service: s, mode: service}\n");
        }
        RouteTable table = compiler.compile("deep.yaml", yaml.toString());
        assertThat(table.match(
                                HttpMethod.GET,
                                PathContainer.parsePath("/api/v2/tenants/a/projects/b/boards/c/lanes/d/g29/r9/x"))
                        .id())
                .isEqualTo("r299");
        assertThat(table.match(HttpMethod.GET, PathContainer.parsePath("/api/v2/tenants/a/projects/b/g29/r9")))
                .isNull();
    }

    /** The most specific of every route's patterns that matches, tried one by one. */
    private static StrangledRoute scan(RouteTable table, PathContainer path) {
        record Candidate(StrangledRoute route, PathPattern pattern) {}
        List<Candidate> matching = new ArrayList<>();
        for (StrangledRoute route : table.routes()) {
            for (PathPattern pattern : route.paths()) {
                if (pattern.matches(path)) {
                    matching.add(new Candidate(route, pattern));
                }
            }
        }
        return matching.stream()
                .min(Comparator.comparing(Candidate::pattern, PatternSpecificity.ORDER))
                .map(Candidate::route)
                .orElse(null);
    }

    @Provide
    Arbitrary<List<String>> patterns() {
        Arbitrary<String> segment = Arbitraries.of("a", "b", "B", "c", "{x}", "{y:[0-9]+}", "*", "a*", "**", "{*rest}");
        return segment.list()
                .ofMinSize(0)
                .ofMaxSize(5)
                .map(l -> "/" + String.join("/", l))
                .filter(p -> !p.matches(".*(\\*\\*|\\{\\*rest\\}).+")) // ** and {*rest} only at the end
                .list()
                .ofMinSize(1)
                .ofMaxSize(8)
                .uniqueElements();
    }

    @Provide
    Arbitrary<List<String>> paths() {
        Arbitrary<String> segment = Arbitraries.of("a", "A", "b", "c", "d", "1", "22", "ab");
        return segment.list()
                .ofMinSize(0)
                .ofMaxSize(6)
                .map(l -> "/" + String.join("/", l))
                .flatMap(p -> Arbitraries.of(p, p + "/"))
                .list()
                .ofMinSize(1)
                .ofMaxSize(8);
    }
}
