package dev.strangler.cdc.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.infra.kafka.ConnectWorker;
import dev.strangler.infra.kafka.SharedKafka;
import dev.strangler.infra.postgres.SharedPostgres;

/**
 * A fault, for real: the Kafka Connect worker is killed with SIGKILL while a writer makes tens of
 * thousands of changes, then started again. At-least-once delivery plus idempotent apply must leave
 * the target exactly equal to the source.
 */
class ConnectCrashTest {

    @Test
    void afterTheConnectWorkerIsKilledMidStreamAndRestartedParityIsExact() throws Exception {
        String source = SharedPostgres.freshDatabase("crash_src");
        String target = SharedPostgres.freshDatabase("crash_dst");
        exec(source, "CREATE TABLE items (id bigint PRIMARY KEY, amount_cents integer NOT NULL, note text NOT NULL)");
        exec(target, "CREATE TABLE items (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL, note text NOT NULL)");
        MigrationPlan plan = new PlanReader().read("crash.yaml", """
                streams:
                  - name: %s
                    source: {url: "%s", user: postgres}
                    target: {url: "%s", user: postgres}
                    tables:
                      - source: public.items
                        target: items
                        key: [id]
                        columns: {id: {}, amount_cents: {to: amount, convert: cents-to-decimal}, note: {}}
                """.formatted(source, SharedPostgres.cluster().jdbcUrl(source), SharedPostgres.cluster().jdbcUrl(target)));
        MigrationPlan.Stream stream = plan.streams().get(0);
        ConnectWorker connect = SharedKafka.connect();
        new CdcStreams(new ConnectClient(connect.restUrl())).apply("crash.yaml", plan, stream);
        new SyncBarrier().await(stream, Duration.ofSeconds(120));

        // 300 transactions: 5,000 inserts, then 15,000 updates and 1,000 deletes, as fast as the database takes them.
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int t = 0; t < 50; t++) {
                    exec(source, "INSERT INTO items SELECT i, i, 'n' || i FROM generate_series(" + (t * 100 + 1) + ", " + (t * 100 + 100) + ") i");
                }
                for (int t = 0; t < 150; t++) {
                    exec(source, "UPDATE items SET amount_cents = amount_cents + 1, note = 'u" + t + "' WHERE id % 150 = " + t
                            + " OR id BETWEEN " + (t * 33) + " AND " + (t * 33 + 66));
                }
                for (int t = 0; t < 100; t++) {
                    exec(source, "DELETE FROM items WHERE id BETWEEN " + (t * 50 + 1) + " AND " + (t * 50 + 10));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1_500);
        connect.kill();
        assertThat(connect.isRunning()).isFalse();
        Thread.sleep(2_000);
        connect.start();
        writer.get();

        new SyncBarrier().await(stream, Duration.ofSeconds(180));
        List<Parity.TableParity> parity = new Parity(1_000).compare(stream, line -> { });
        assertThat(parity.get(0).equal()).as(parity.get(0).toString()).isTrue();
        assertThat(parity.get(0).sourceRows()).isEqualTo(4_000);
    }

    static void exec(String db, String sql) throws Exception {
        try (Connection c = SharedPostgres.cluster().connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
