package dev.strangler.gateway.routing;

import dev.strangler.gateway.table.RouteTableCompiler;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

/**
 * The per-request route decision ({@link RouteDecider#decide}) on a table compiled from a generated
 * route file of 10, 100 or 1,000 canary routes with a stick-by header, so matching, the mode lookup
 * and bucketing are all measured. Sample mode, so percentiles (p99) are reported.
 *
 * <p>Requests: {@code match} hits one of the last routes of the table; {@code miss-api} shares the
 * first segment {@code /api} with every route and matches none (the worst case: every {@code /api}
 * pattern is tried); {@code miss-other} has a first segment no route uses (the index skips them all).
 * The path is parsed once in setup, as the web stack hands the filter an already parsed path.
 *
 * <p>Run with {@code strangler-gateway/bench/jmh.sh}; not part of the test run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteDecisionBenchmark {

    @Param({"10", "100", "1000", "10000"})
    int routes;

    /**
     * {@code wide}: a real migration's table, its routes told apart by their first segments. {@code deep}: every
     * route under one long shared prefix full of variables ({@code /api/v2/tenants/{tenant}/projects/{project}/...}),
     * told apart only at its ninth segment and below, the shape where an index of leading literals alone finds no
     * difference between the routes.
     */
    @Param({"wide", "deep"})
    String shape;

    @Param({"match", "miss-api", "miss-other"})
    String request;

    private LiveState state;
    private PathContainer path;
    private final Facts[] devices = new Facts[1024];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        RouteTable table = new RouteTableCompiler()
                .compile("bench-routes.yaml", shape.equals("deep") ? deepRouteFile(routes) : routeFile(routes));
        if (table.routes().size() != routes) {
            throw new IllegalStateException(
                    "expected " + routes + " routes, got " + table.routes().size());
        }
        state = new LiveState(table, 1, Map.of(), false);
        int last = routes - 1;
        String deep = "/api/v2/tenants/acme/projects/p-7/boards/b-3/lanes/l-1/";
        path = PathContainer.parsePath(
                shape.equals("deep")
                        ? switch (request) {
                            case "match" ->
                                deep + "g" + (last / 100) + "/h" + (last / 10 % 10) + "/r" + (last % 10) + "/items/42";
                            case "miss-api" -> deep + "g-none/h0/r0/items/42";
                            case "miss-other" -> "/static/app.js";
                            default -> throw new IllegalArgumentException(request);
                        }
                        : switch (request) {
                            case "match" -> "/api/area" + (last / 10) + "/res" + (last % 10) + "/items/42";
                            case "miss-api" -> "/api/nowhere/items/42";
                            case "miss-other" -> "/static/app.js";
                            default -> throw new IllegalArgumentException(request);
                        });
        for (int i = 0; i < devices.length; i++) {
            devices[i] = new Facts("device-" + Integer.toHexString(i * 7919 + 12345));
        }
        RoutingDecision check = RouteDecider.decide(state, HttpMethod.GET, path, devices[0]);
        if (request.equals("match") != (check.route() != null)) {
            throw new IllegalStateException(request + " decided " + check);
        }
    }

    @Benchmark
    public RoutingDecision decide() {
        Facts facts = devices[next++ & (devices.length - 1)];
        return RouteDecider.decide(state, HttpMethod.GET, path, facts);
    }

    /**
     * A route file like a real migration's: {@code /api/area{a}/res{r}/**} routes, every tenth also
     * taking {@code /api/area{a}/item/{id}}, and a few outside {@code /api}.
     */
    static String routeFile(int count) {
        StringBuilder y = new StringBuilder("""
                monolith: http://127.0.0.1:9001
                services:
                  catalog:
                    url: http://127.0.0.1:9002
                  orders:
                    url: http://127.0.0.1:9003
                routes:
                """);
        for (int i = 0; i < count; i++) {
            int area = i / 10;
            int res = i % 10;
            String paths = "'/api/area" + area + "/res" + res + "/**'";
            if (res == 0) {
                paths += ", '/api/area" + area + "/item/{id}'";
            }
            if (i % 50 == 25) {
                paths = "'/v" + i + "/orders/{id}/lines/**'";
            }
            y.append("  - {id: r")
                    .append(i)
                    .append(", methods: [GET, HEAD], paths: [")
                    .append(paths)
                    .append("], service: ")
                    .append(i % 2 == 0 ? "catalog" : "orders")
                    .append(", mode: canary, percent: 50, stick-by: [header:X-Device-Id]}\n");
        }
        return y.toString();
    }

    /**
     * Every route under {@code /api/v2/tenants/{tenant}/projects/{project}/boards/{board}/lanes/{lane}}, then
     * {@code /g{a}/h{b}/r{c}/**}; every tenth also takes {@code .../g{a}/h{b}/items/{id}/{part}}.
     */
    static String deepRouteFile(int count) {
        StringBuilder y = new StringBuilder("""
                monolith: http://127.0.0.1:9001
                services:
                  catalog:
                    url: http://127.0.0.1:9002
                routes:
                """);
        String prefix = "/api/v2/tenants/{tenant}/projects/{project}/boards/{board}/lanes/{lane}";
        for (int i = 0; i < count; i++) {
            String g = "/g" + (i / 100) + "/h" + (i / 10 % 10);
            String paths = "'" + prefix + g + "/r" + (i % 10) + "/**'";
            if (i % 10 == 0) {
                paths += ", '" + prefix + g + "/items/{id}/{part}'";
            }
            y.append("  - {id: r")
                    .append(i)
                    .append(", methods: [GET, HEAD], paths: [")
                    .append(paths)
                    .append("], service: catalog, mode: canary, percent: 50, stick-by: [header:X-Device-Id]}\n");
        }
        return y.toString();
    }

    /** A request carrying only the stick-by header. */
    private record Facts(String device) implements RequestFacts {
        @Override
        public String header(String name) {
            return "X-Device-Id".equalsIgnoreCase(name) ? device : null;
        }

        @Override
        public String cookie(String name) {
            return null;
        }

        @Override
        public String query(String name) {
            return null;
        }

        @Override
        public String clientIp() {
            return "127.0.0.1";
        }
    }
}
