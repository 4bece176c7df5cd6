package dev.strangler.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.api.AuditEntry;
import dev.strangler.gateway.api.ReloadStatus;
import dev.strangler.gateway.audit.AuditLog;
import dev.strangler.gateway.routing.Mode;
import dev.strangler.gateway.routing.RouteTable;
import dev.strangler.gateway.routing.StrangledRoute;
import dev.strangler.gateway.table.RouteTableCompiler;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveRoutesTest {

    private static final String FILE = """
            monolith: http://m:1
            services: {catalog: {url: "http://c:2"}}
            routes:
              - {id: read, paths: [/api/products/**], service: catalog, mode: shadow}
            """;

    private static LiveRoutes start(Path state) {
        RouteTable table = new RouteTableCompiler().compile("routes.yaml", FILE);
        return new LiveRoutes(
                table,
                new AuditLog(state.resolve("audit.log"), Clock.systemUTC()),
                new OverrideStore(state.resolve("overrides.json")),
                Clock.systemUTC());
    }

    @Test
    void apiOverridesAndTheKillSwitchSurviveARestart(@TempDir Path state) {
        LiveRoutes before = start(state);
        before.setMode("read", Mode.CANARY, 2_500, "alice", "ramp");
        before.killSwitch(true, "bob", "incident");

        LiveRoutes after = start(state);

        StrangledRoute read = after.current().table().route("read");
        assertThat(after.current().modeOf(read)).isEqualTo(Mode.CANARY);
        assertThat(after.current().percentOf(read)).isEqualTo(2_500);
        assertThat(after.current().killSwitch()).isTrue();
        assertThat(new AuditLog(state.resolve("audit.log"), Clock.systemUTC()).tail(10))
                .extracting(AuditEntry::who)
                .containsExactly("alice", "bob");
    }

    @Test
    void aRejectedFileKeepsTheTableAndSaysWhy(@TempDir Path state) {
        LiveRoutes live = start(state);
        long version = live.current().version();

        ReloadStatus status = live.applyFile("routes.yaml", FILE.replace("mode: shadow", "mode: sideways"));

        assertThat(status.accepted()).isFalse();
        assertThat(status.message())
                .contains("line 4: routes[0].mode: must be one of monolith, shadow, canary, service");
        assertThat(live.current().version()).isEqualTo(version);
        assertThat(live.current().table().route("read").mode()).isEqualTo(Mode.SHADOW);
    }

    @Test
    void everyModeChangeFromTheFileIsAudited(@TempDir Path state) {
        LiveRoutes live = start(state);
        live.applyFile("routes.yaml", FILE.replace("mode: shadow", "mode: service"));
        AuditEntry entry = new AuditLog(state.resolve("audit.log"), Clock.systemUTC())
                .tail(1)
                .get(0);
        assertThat(entry.source()).isEqualTo("file");
        assertThat(entry.from()).isEqualTo("shadow");
        assertThat(entry.to()).isEqualTo("service");
    }
}
