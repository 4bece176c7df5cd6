package dev.strangler.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.table.RouteTableCompiler;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

class RouteDeciderTest {

    private static final RouteTable TABLE = new RouteTableCompiler().compile("test", """
            monolith: http://m:1
            services:
              catalog: {url: "http://c:2"}
            routes:
              - id: catalog-read
                methods: [GET]
                paths: [/api/products/**]
                service: catalog
                mode: canary
                percent: 50
                stick-by: [header:X-Device-Id, jwt-claim:sub]
                targeting:
                  - {header: X-Beta, values: ["yes"], target: service}
                  - {keys: [vip-device], target: monolith}
              - id: one-product
                methods: [GET]
                paths: ["/api/products/{id}"]
                service: catalog
                mode: service
              - id: search-shadow
                paths: [/api/search]
                service: catalog
                mode: shadow
            """);

    private static final class Facts implements RequestFacts {
        final Map<String, String> headers = new HashMap<>();
        String ip = "10.0.0.1";

        Facts header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        @Override
        public String header(String name) {
            return headers.get(name);
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
            return ip;
        }
    }

    private static RoutingDecision decide(LiveState state, String method, String path, Facts facts) {
        return RouteDecider.decide(state, HttpMethod.valueOf(method), PathContainer.parsePath(path), facts);
    }

    private static LiveState state() {
        return new LiveState(TABLE, 1, Map.of(), false);
    }

    @Test
    void requestsNoRouteTakesGoToTheMonolith() {
        RoutingDecision d = decide(state(), "GET", "/api/orders", new Facts());
        assertThat(d.target()).isEqualTo(Target.MONOLITH);
        assertThat(d.routeId()).isEqualTo("monolith-default");
        assertThat(decide(state(), "POST", "/api/products/list", new Facts()).route())
                .as("method not taken")
                .isNull();
    }

    @Test
    void theMostSpecificPatternWins() {
        assertThat(decide(state(), "GET", "/api/products/17", new Facts()).routeId())
                .isEqualTo("one-product");
        assertThat(decide(state(), "GET", "/api/products/17/reviews", new Facts())
                        .routeId())
                .isEqualTo("catalog-read");
    }

    @Test
    void shadowServesTheMonolithAndMarksTheCopy() {
        RoutingDecision d = decide(state(), "POST", "/api/search", new Facts());
        assertThat(d.target()).isEqualTo(Target.MONOLITH);
        assertThat(d.shadow()).isTrue();
    }

    @Test
    void canaryKeepsEachDeviceOnOneSideAndSplitsDevicesByPercent() {
        int service = 0;
        for (int i = 0; i < 2_000; i++) {
            Facts device = new Facts().header("X-Device-Id", "device-" + i);
            Target first = decide(state(), "GET", "/api/products", device).target();
            for (int repeat = 0; repeat < 3; repeat++) {
                assertThat(decide(state(), "GET", "/api/products", device).target())
                        .isEqualTo(first);
            }
            service += first == Target.SERVICE ? 1 : 0;
        }
        assertThat(service).isBetween(900, 1_100);
    }

    @Test
    void aJwtSubjectIsAStickByKeyToo() {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"user-7\"}".getBytes());
        Facts withJwt = new Facts().header("Authorization", "Bearer x." + payload + ".y");
        Facts sameUserOtherIp = new Facts().header("Authorization", "Bearer x." + payload + ".y");
        sameUserOtherIp.ip = "10.9.9.9";
        assertThat(decide(state(), "GET", "/api/products", withJwt).target())
                .isEqualTo(
                        decide(state(), "GET", "/api/products", sameUserOtherIp).target())
                .isEqualTo(Bucketing.inCanary("catalog", "user-7", 5_000) ? Target.SERVICE : Target.MONOLITH);
    }

    @Test
    void withoutAnyKeyTheClientAddressBuckets() {
        Facts anonymous = new Facts();
        boolean in = Bucketing.inCanary("catalog", anonymous.ip, 5_000);
        assertThat(decide(state(), "GET", "/api/products", anonymous).target())
                .isEqualTo(in ? Target.SERVICE : Target.MONOLITH);
    }

    @Test
    void targetingRulesWinOverTheBucket() {
        RoutingDecision beta = decide(state(), "GET", "/api/products", new Facts().header("X-Beta", "yes"));
        assertThat(beta.target()).isEqualTo(Target.SERVICE);
        assertThat(beta.reason()).isEqualTo("targeting");
        RoutingDecision vip = decide(state(), "GET", "/api/products", new Facts().header("X-Device-Id", "vip-device"));
        assertThat(vip.target()).isEqualTo(Target.MONOLITH);
        assertThat(vip.reason()).isEqualTo("targeting");
    }

    @Test
    void anAdminOverrideWinsOverTheFileAndTheKillSwitchOverEverything() {
        LiveState overridden =
                new LiveState(TABLE, 2, Map.of("catalog-read", new RouteOverride(Mode.SERVICE, 0)), false);
        assertThat(decide(overridden, "GET", "/api/products", new Facts()).target())
                .isEqualTo(Target.SERVICE);

        LiveState killed = new LiveState(TABLE, 3, Map.of("catalog-read", new RouteOverride(Mode.SERVICE, 0)), true);
        RoutingDecision d = decide(killed, "GET", "/api/products/1", new Facts().header("X-Beta", "yes"));
        assertThat(d.target()).isEqualTo(Target.MONOLITH);
        assertThat(d.reason()).isEqualTo("kill-switch");
    }

    @Test
    void aLargeTableStillFindsTheRightRoute() {
        StringBuilder yaml = new StringBuilder("monolith: http://m:1\nservices: {s: {url: \"http://s:2\"}}\nroutes:\n");
        for (int i = 0; i < 1_000; i++) {
            yaml.append("  - {id: r")
                    .append(i)
                    .append(", paths: [\"/api/area")
                    .append(i % 50)
                    .append("/res")
                    .append(i)
                    .append("/**\"], service: s, mode: service}\n");
        }
        RouteTable big = new RouteTableCompiler().compile("big", yaml.toString());
        LiveState s = new LiveState(big, 1, Map.of(), false);
        assertThat(decide(s, "GET", "/api/area7/res507/items/3", new Facts()).routeId())
                .isEqualTo("r507");
        assertThat(decide(s, "GET", "/api/area7/unknown", new Facts()).route()).isNull();
    }
}
