package dev.strangler.gateway.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.strangler.gateway.routing.Credential;
import dev.strangler.gateway.routing.Mode;
import dev.strangler.gateway.routing.PathCase;
import dev.strangler.gateway.routing.RouteTable;
import dev.strangler.gateway.routing.StrangledRoute;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

class RouteTableCompilerTest {

    private final RouteTableCompiler compiler = new RouteTableCompiler();

    private static final String GOOD = """
            monolith: http://127.0.0.1:9001
            services:
              catalog:
                url: http://127.0.0.1:9002
                timeout: 800ms
            routes:
              - id: catalog-read
                methods: [GET, HEAD]
                paths: [/api/products/**, /api/categories]
                service: catalog
                mode: canary
                percent: 12.5
                stick-by: [header:X-Device-Id, cookie:sid]
                targeting:
                  - header: X-Beta
                    values: ["yes"]
                    target: service
                shadow:
                  ignore: ["$.generatedAt", "$.items[*].updatedAt"]
              - id: catalog-admin
                methods: [PATCH]
                paths: [/api/admin/products/*]
                service: catalog
                mode: monolith
                fallback: none
            """;

    private List<String> problems(String yaml) {
        try {
            compiler.compile("routes.yaml", yaml);
        } catch (RouteTableException e) {
            return e.problems();
        }
        throw new AssertionError("the file was accepted");
    }

    @Test
    void aValidFileBecomesATableWithEveryOptionRead() {
        RouteTable table = compiler.compile("routes.yaml", GOOD);

        assertThat(table.monolith()).hasToString("http://127.0.0.1:9001");
        assertThat(table.services().get("catalog").timeout()).hasMillis(800);
        StrangledRoute read = table.route("catalog-read");
        assertThat(read.mode()).isEqualTo(Mode.CANARY);
        assertThat(read.percentBasisPoints()).isEqualTo(1250);
        assertThat(read.stickBy()).hasToString("[header:X-Device-Id, cookie:sid]");
        assertThat(read.shadow().ignore()).hasSize(2);
        assertThat(read.line()).isEqualTo(7);
        assertThat(table.route("catalog-admin").fallbackToMonolith()).isFalse();
    }

    @Test
    void emptyRouteListIsPurePassThrough() {
        RouteTable table = compiler.compile("routes.yaml", "monolith: http://legacy:8080\n");
        assertThat(table.routes()).isEmpty();
    }

    @Test
    void unknownServiceIsRejectedWithLineFieldAndTheDeclaredNames() {
        List<String> problems =
                problems(GOOD.replace("service: catalog\n    mode: canary", "service: catalgo\n    mode: canary"));
        assertThat(problems)
                .containsExactly(
                        "line 10: routes[0].service: unknown service 'catalgo'; declared under services: catalog");
    }

    @Test
    void aServiceWithAMistakeIsReportedOnceAndItsRoutesDoNotCallItUnknown() {
        List<String> problems = problems(GOOD.replace("url: http://127.0.0.1:9002", "url: 127.0.0.1:9002"));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("line ").contains("services.catalog.url");
        assertThat(problems).noneMatch(p -> p.contains("unknown service"));
    }

    @Test
    void anUnknownKeyIsNamedWithTheKeysAllowedThereNotJavaClassNames() {
        List<String> problems = problems(GOOD.replace("timeout: 800ms", "timout: 800ms"));
        assertThat(problems)
                .containsExactly("line 5: services.catalog.timout: unknown key 'timout'; allowed here: credential, "
                        + "dry-run, strip-prefix, timeout, url");
    }

    @Test
    void aStripPrefixTakesTheMonolithsContextPathOffBeforeTheServicesOwnPath() {
        RouteTable table = compiler.compile("routes.yaml", """
                monolith: http://legacy:8080/shop
                services:
                  catalog: {url: "http://catalog:8081/catalog/", strip-prefix: /app/}
                routes:
                  - {id: read, paths: ["/app/api/products/{id}"], service: catalog, mode: service}
                """);
        var catalog = table.services().get("catalog");
        assertThat(catalog.stripPrefix()).isEqualTo("/app");
        assertThat(catalog.upstream(URI.create("http://gw:8080/app/api/products/5?x=1%202"), table.pathCase()))
                .hasToString("http://catalog:8081/catalog/api/products/5?x=1%202");
        assertThat(catalog.upstream(URI.create("http://gw:8080/application/x"), table.pathCase()))
                .as("only at a segment boundary")
                .hasToString("http://catalog:8081/catalog/application/x");
    }

    @Test
    void aRouteOutsideItsServicesStripPrefixIsRejected() {
        List<String> problems = problems("""
                monolith: http://legacy:8080
                services:
                  catalog: {url: "http://catalog:8081", strip-prefix: /app}
                routes:
                  - {id: read, paths: [/app/api/x, /api/products], service: catalog, mode: monolith}
                """);
        assertThat(problems)
                .containsExactly("line 5: routes[0].paths[1]: '/api/products' is not under service 'catalog''s "
                        + "strip-prefix '/app': the service would get it with nothing stripped; write it as "
                        + "'/app/api/products' or route it elsewhere");
        assertThat(problems("""
                        monolith: http://legacy:8080
                        services:
                          catalog: {url: "http://catalog:8081", strip-prefix: "/app/*"}
                        """))
                .singleElement()
                .asString()
                .contains("services.catalog.strip-prefix: must be a plain path such as /app");
    }

    @Test
    void outOfRangeAndOverPrecisePercentsAreRejected() {
        assertThat(problems(GOOD.replace("percent: 12.5", "percent: 150")))
                .containsExactly("line 12: routes[0].percent: must be between 0 and 100 (was 150)");
        assertThat(problems(GOOD.replace("percent: 12.5", "percent: 12.345")))
                .containsExactly("line 12: routes[0].percent: has at most two decimals (was 12.345)");
    }

    @Test
    void canaryWithoutPercentIsRejected() {
        assertThat(problems(GOOD.replace("    percent: 12.5\n", "")))
                .containsExactly("line 7: routes[0].percent: is required in mode canary (0 to 100)");
    }

    @Test
    void badPathPatternAndUnknownModeAreBothReportedAtOnce() {
        List<String> problems = problems(
                GOOD.replace("/api/categories]", "\"/api/{unclosed\"]").replace("mode: monolith", "mode: half"));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("line 9: routes[0].paths[1]: is not a valid path pattern");
        assertThat(problems.get(1))
                .isEqualTo("line 24: routes[1].mode: must be one of monolith, shadow, canary, service (was 'half')");
    }

    @Test
    void duplicateIdsAreRejected() {
        assertThat(problems(GOOD.replace("id: catalog-admin", "id: catalog-read")))
                .containsExactly("line 20: routes[1].id: duplicate route id 'catalog-read'");
    }

    @Test
    void routesThatCanTakeTheSameRequestWithEqualSpecificityAreAmbiguous() {
        String yaml = """
                monolith: http://m:1
                services: {s: {url: "http://s:2"}}
                routes:
                  - {id: a, paths: ["/api/{kind}/1"], service: s, mode: service}
                  - {id: b, paths: ["/api/{x}/{y}"], methods: [GET], service: s, mode: service}
                  - {id: c, paths: ["/api/{id}/1"], methods: [POST], service: s, mode: service}
                """;
        List<String> problems = problems(yaml);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0))
                .contains("'/api/{id}/1' of route 'c' and '/api/{kind}/1' of route 'a'")
                .contains("neither is more specific");
    }

    @Test
    void aMoreSpecificPatternIsNotAnOverlap() {
        String yaml = """
                monolith: http://m:1
                services: {s: {url: "http://s:2"}}
                routes:
                  - {id: all-products, paths: ["/api/products/**"], service: s, mode: shadow}
                  - {id: one-product, paths: ["/api/products/{id}"], service: s, mode: service}
                """;
        RouteTable table = compiler.compile("routes.yaml", yaml);
        assertThat(table.routes()).hasSize(2);
    }

    @Test
    void pathsAreCaseSensitiveUnlessTheFileSaysOtherwiseForACaseInsensitiveUpstream() {
        PathContainer mixed = PathContainer.parsePath("/API/Admin/Products/5");

        assertThat(compiler.compile("routes.yaml", GOOD).match(HttpMethod.PATCH, mixed))
                .as("nginx and Tomcat tell cases apart")
                .isNull();
        RouteTable insensitive = compiler.compile("routes.yaml", "case-insensitive-paths: true\n" + GOOD);

        assertThat(insensitive.pathCase()).isEqualTo(PathCase.INSENSITIVE);
        assertThat(insensitive.match(HttpMethod.PATCH, mixed).id()).isEqualTo("catalog-admin");
        assertThat(insensitive
                        .match(HttpMethod.GET, PathContainer.parsePath("/api/CATEGORIES"))
                        .id())
                .isEqualTo("catalog-read");
    }

    @Test
    void caseInsensitivePathsMustBeTrueOrFalseAndNameItsLine() {
        assertThat(problems(GOOD + "case-insensitive-paths: sometimes\n").get(0))
                .isEqualTo("line 26: case-insensitive-paths: expected true or false (was 'sometimes')");
    }

    @Test
    void patternsThatDifferOnlyInCaseAreAmbiguousWhenPathsAreCaseInsensitive() {
        String yaml = """
                monolith: http://m:1
                services: {s: {url: "http://s:2"}}
                routes:
                  - {id: a, paths: ["/api/admin/{id}"], service: s, mode: service}
                  - {id: b, paths: ["/API/Admin/{id}"], service: s, mode: monolith}
                """;
        assertThat(compiler.compile("routes.yaml", yaml).routes())
                .as("two different paths by default")
                .hasSize(2);
        assertThat(problems("case-insensitive-paths: true\n" + yaml))
                .singleElement()
                .asString()
                .contains("'/API/Admin/{id}' of route 'b' and '/api/admin/{id}' of route 'a'")
                .contains("neither is more specific");
    }

    @Test
    void unknownFieldsAndWrongTypesNameLineAndPath() {
        assertThat(problems(GOOD.replace("fallback: none", "fallbak: none")).get(0))
                .startsWith("line 25: routes[1].fallbak: unknown key 'fallbak'; allowed here: fallback, id,");
        assertThat(problems(GOOD.replace("percent: 12.5", "percent: lots")).get(0))
                .isEqualTo("line 12: routes[0].percent: expected a number (was 'lots')");
    }

    @Test
    void brokenYamlAndEmptyFilesAreRejectedClearly() {
        assertThat(problems("monolith: http://m:1\nroutes:\n  - id: a\n   paths: [/x]\n")
                        .get(0))
                .startsWith("line 4: not valid YAML");
        assertThat(problems("  ")).containsExactly("the file is empty: it needs at least 'monolith: <url>'");
        assertThat(problems("routes: []")).containsExactly("line 1: monolith: is required: an http:// or https:// URL");
    }

    @Test
    void badStickByTargetingAndIgnorePathsNameTheAcceptedForms() {
        List<String> problems = problems(GOOD.replace("cookie:sid", "session")
                .replace("target: service", "target: both")
                .replace("$.generatedAt", "generatedAt"));
        assertThat(problems)
                .anySatisfy(p ->
                        assertThat(p).startsWith("line 13: routes[0].stick-by[1]: 'session' is not a stick-by key"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .startsWith("line 17: routes[0].targeting[0].target: must be service or monolith"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 19: routes[0].shadow.ignore[0]"));
    }

    private static final String MIRRORED_WRITES = """
            monolith: http://127.0.0.1:9001
            services:
              orders:
                url: http://127.0.0.1:9003
            routes:
              - id: orders-write
                methods: [POST]
                paths: [/api/orders]
                service: orders
                mode: shadow
                shadow:
                  mirror-unsafe: true
            """;

    @Test
    void mirroringWritesIsRefusedForAServiceThatDoesNotDeclareItHonoursDryRuns() {
        assertThat(problems(MIRRORED_WRITES))
                .containsExactly(
                        "line 12: routes[0].shadow.mirror-unsafe: service 'orders' does not "
                                + "declare that it honours dry runs, so it would perform every mirrored write for real; declare 'dry-run: true' "
                                + "under services.orders only once it runs a request marked X-Strangler-Dry-Run: true without effects");
    }

    @Test
    void mirroringWritesIsAcceptedForAServiceThatDeclaresItHonoursDryRuns() {
        RouteTable table = compiler.compile(
                "routes.yaml",
                MIRRORED_WRITES.replace("url: http://127.0.0.1:9003", "url: http://127.0.0.1:9003\n    dry-run: true"));

        assertThat(table.route("orders-write").shadow().mirrorUnsafe()).isTrue();
    }

    @Test
    void aServiceTakesTheAppsHeaderAsSentUnlessItDeclaresItTakesAJwt() {
        RouteTable table = compiler.compile("routes.yaml", """
                monolith: http://127.0.0.1:9001
                services:
                  catalog: {url: "http://127.0.0.1:9002", credential: jwt}
                  orders: {url: "http://127.0.0.1:9003"}
                """);

        assertThat(table.services().get("catalog").credential()).isEqualTo(Credential.JWT);
        assertThat(table.services().get("orders").credential()).isEqualTo(Credential.AS_SENT);
    }

    @Test
    void anUnknownCredentialNamesItsLineAndTheAcceptedValues() {
        assertThat(problems("""
                        monolith: http://127.0.0.1:9001
                        services:
                          catalog:
                            url: http://127.0.0.1:9002
                            credential: session
                        """))
                .containsExactly("line 5: services.catalog.credential: must be one of as-sent, jwt (was 'session')");
    }

    private static final String READ_YOUR_WRITES = """
            monolith: http://127.0.0.1:9001
            services:
              catalog: {url: "http://127.0.0.1:9002"}
            routes:
              - {id: catalog-write, methods: [PATCH], paths: [/api/admin/products/*], service: catalog, mode: service}
            read-your-writes:
              window: 3s
              key: [header:X-Device-Id]
            """;

    @Test
    void readYourWritesNamesOnlyDeclaredRoutesAndMustPinSomeWrite() {
        assertThat(problems(READ_YOUR_WRITES + "  writes-of: [catalog-wirte]\n"))
                .containsExactly(
                        "line 9: read-your-writes.writes-of[0]: unknown route 'catalog-wirte'; declared: [catalog-write]");
        assertThat(problems(READ_YOUR_WRITES + "  writes-of: []\n  monolith-writes: false\n"))
                .containsExactly(
                        "line 10: read-your-writes.monolith-writes: no write would pin: name routes in writes-of, or set monolith-writes: true");
    }

    /** 46 aliases (under SnakeYAML's own limit of 50) that expand to 2^24 values when walked as a tree. */
    static String aliasBomb() {
        StringBuilder yaml = new StringBuilder("monolith: http://127.0.0.1:9001\nx0: &a0 [x, x]\n");
        for (int i = 1; i < 24; i++) {
            yaml.append("x")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [*a")
                    .append(i - 1)
                    .append(", *a")
                    .append(i - 1)
                    .append("]\n");
        }
        return yaml.toString();
    }

    @Test
    void aFileWithYamlAliasesIsRefusedQuicklyWithTheLineOfTheFirstAnchor() {
        List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> problems(aliasBomb()));

        assertThat(problems).singleElement().asString().startsWith("line 2: ").contains("anchors and aliases");
    }
}
