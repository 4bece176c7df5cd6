package dev.strangler.gateway.replicas;

import dev.strangler.gateway.audit.AuditLog;
import dev.strangler.gateway.hold.CutoverRecords;
import dev.strangler.gateway.hold.Lease;
import dev.strangler.gateway.hold.RouteHolds;
import dev.strangler.gateway.live.LiveRoutes;
import dev.strangler.gateway.live.Pins;
import dev.strangler.gateway.progress.MigrationProgressRecords;
import dev.strangler.gateway.routing.RouteTable;
import dev.strangler.gateway.table.RouteTableCompiler;
import dev.strangler.infra.postgres.SharedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The parts of one gateway replica that follow the shared state (its routes, cutover records and holds), as a
 * gateway wires them, without the gateway around them: for tests of what one replica's follower does.
 */
record ReplicaParts(SharedState state, LiveRoutes routes, CutoverRecords cutovers, RouteHolds holds) {

    /** The route file of these tests: one write route of the catalog, with the monolith. */
    static final String FILE = """
            monolith: http://m:1
            services: {catalog: {url: "http://c:2"}}
            routes:
              - {id: catalog-write, methods: [PATCH], paths: ["/api/admin/products/*"], service: catalog, mode: monolith}
            """;

    /** Replica {@code name} on the shared state in {@code database}, following it; its audit log in {@code dir}. */
    static ReplicaParts start(String database, String name, Path dir) {
        Lease lease = Lease.replica();
        SharedState state = new SharedState(
                SharedPostgres.cluster().jdbcUrl(database),
                SharedPostgres.cluster().user(),
                SharedPostgres.cluster().password(),
                name,
                Duration.ofSeconds(5),
                Duration.ofMillis(100),
                lease);
        AuditLog audit = new AuditLog(dir.resolve(name + "-audit.log"), Clock.systemUTC());
        RouteTable table = new RouteTableCompiler().compile("routes.yaml", FILE);
        LiveRoutes routes = new LiveRoutes(table, audit, state.overrides(), Clock.systemUTC());
        CutoverRecords cutovers = new CutoverRecords(state.cutoverRecords(), audit, Clock.systemUTC());
        RouteHolds holds = new RouteHolds(audit, cutovers, Clock.systemUTC(), lease);
        state.start(
                routes,
                cutovers,
                holds,
                new Pins(),
                new MigrationProgressRecords(state.migrationProgress(), Clock.systemUTC()));
        return new ReplicaParts(state, routes, cutovers, holds);
    }
}
