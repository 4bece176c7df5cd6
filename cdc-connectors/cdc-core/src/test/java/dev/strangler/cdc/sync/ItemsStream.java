package dev.strangler.cdc.sync;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.infra.kafka.SharedKafka;
import dev.strangler.infra.postgres.SharedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The smallest stream for a test: {@code items (id bigint key, note text)} from a fresh source database
 * to a fresh target database on the shared cluster, applied on the shared Connect worker and in sync. Public for the
 * tests of other packages that need a stream running.
 */
public record ItemsStream(String source, String target, MigrationPlan.Stream stream, CdcStreams streams) {

    /** Creates both tables ({@code sourceRows}: statements run in the source after it, may be empty) and starts the stream. */
    public static ItemsStream running(String name, String sourceRows) throws SQLException {
        String source = SharedPostgres.freshDatabase(name + "_src");
        String target = SharedPostgres.freshDatabase(name + "_dst");
        String table = "CREATE TABLE items (id bigint PRIMARY KEY, note text NOT NULL)";
        sql(source, table + ";" + sourceRows);
        sql(target, table);
        MigrationPlan plan = new PlanReader()
                .read(
                        name + ".yaml",
                        """
                streams:
                  - name: %s
                    source: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    tables:
                      - {source: public.items, target: items, key: [id], columns: {id: {}, note: {}}}
                """.formatted(
                                        source,
                                        SharedPostgres.cluster().jdbcUrl(source),
                                        SharedPostgres.cluster().jdbcUrl(target)),
                        SharedPostgres::environment);
        MigrationPlan.Stream stream = plan.streams().get(0);
        CdcStreams streams =
                new CdcStreams(new ConnectClient(SharedKafka.connect().restUrl()));
        streams.apply(name + ".yaml", plan, stream);
        new SyncBarrier().await(stream, Duration.ofSeconds(120));
        return new ItemsStream(source, target, stream, streams);
    }

    public ConnectClient connect() {
        return streams.connect();
    }

    private static void sql(String db, String statements) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(db);
                Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }
}
