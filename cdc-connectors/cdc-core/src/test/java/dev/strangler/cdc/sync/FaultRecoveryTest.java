package dev.strangler.cdc.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.infra.kafka.ConnectWorker;
import dev.strangler.infra.kafka.KafkaBroker;
import dev.strangler.infra.kafka.SharedKafka;
import dev.strangler.infra.postgres.PostgresCluster;
import dev.strangler.infra.postgres.SharedPostgres;
import dev.strangler.infra.process.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Faults, for real, while a writer makes 21,000 changes in the source (5,000 inserts, about 15,000
 * updates, 1,000 deletes, in 300 transactions): the Kafka Connect worker killed with SIGKILL, the
 * Kafka broker restarted, the target PostgreSQL restarted. At-least-once delivery plus idempotent,
 * ordered apply must leave the target exactly equal to the source once the stream has caught up.
 */
class FaultRecoveryTest {

    static final Duration CATCH_UP = Duration.ofSeconds(180);

    @Test
    void afterTheConnectWorkerIsKilledMidStreamAndRestartedParityIsExact() throws Exception {
        ConnectWorker connect = SharedKafka.connect();
        survives("crash", SharedPostgres.cluster(), () -> {
            connect.kill();
            assertThat(connect.isRunning()).isFalse();
            Thread.sleep(2_000);
            connect.start();
        });
    }

    @Test
    void aBarrierWaitingWhenItsConnectWorkerIsKilledFailsAtOnceInsteadOfWaitingOutItsTimeout() throws Exception {
        ConnectWorker connect = SharedKafka.connect();
        ItemsStream items = ItemsStream.running("workerdies", "");
        MigrationPlan.Stream stream = items.stream();
        ConnectClient client = items.connect();

        try (SyncBarrier barrier = SyncBarrier.keepingConnections(client)) {
            barrier.prepare(stream); // as a write cutover does before it holds: the worker answers then
            connect.kill();
            long begin = System.nanoTime();

            assertThatThrownBy(() -> barrier.await(stream, Duration.ofSeconds(20)))
                    .isInstanceOf(SyncBarrier.StreamFailed.class)
                    .hasMessageContaining("stopped answering (connection refused)");
            assertThat(Duration.ofNanos(System.nanoTime() - begin))
                    .as("it gives up within a few looks at the worker, not after its 20 s timeout")
                    .isLessThan(Duration.ofSeconds(2));
        } finally {
            if (!connect.isRunning()) {
                connect.start();
            }
        }
        new SyncBarrier(client).await(stream, CATCH_UP);
        items.streams().remove(stream, Duration.ofSeconds(60));
    }

    @Test
    void afterTheKafkaBrokerIsRestartedMidStreamParityIsExact() throws Exception {
        KafkaBroker broker = SharedKafka.broker();
        survives("kafka", SharedPostgres.cluster(), () -> {
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            Thread.sleep(2_000);
            broker.start();
        });
    }

    @Test
    void afterTheTargetDatabaseIsRestartedMidStreamParityIsExact() throws Exception {
        Path dir = Files.createTempDirectory("strangler-target-pg");
        PostgresCluster target = PostgresCluster.at(
                        PostgresCluster.dataDirReachableFrom(dir.resolve("data")),
                        FreePorts.pick(),
                        Map.of("fsync", "off", "full_page_writes", "off"))
                .start();
        try {
            survives("pgrestart", target, () -> {
                target.stop();
                assertThat(target.isRunning()).isFalse();
                Thread.sleep(3_000);
                target.start();
            });
        } finally {
            target.destroy();
            dir.toFile().delete();
        }
    }

    interface Fault {
        void strike() throws Exception;
    }

    /** Streams a table from the shared cluster into {@code targetCluster}, strikes mid-stream, and checks parity. */
    static void survives(String name, PostgresCluster targetCluster, Fault fault) throws Exception {
        String source = SharedPostgres.freshDatabase(name + "_src");
        String target = name + "_dst";
        targetCluster.createDatabase(target);
        exec(
                SharedPostgres.cluster(),
                source,
                "CREATE TABLE items (id bigint PRIMARY KEY, amount_cents integer NOT NULL, note text NOT NULL)");
        exec(
                targetCluster,
                target,
                "CREATE TABLE items (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL, note text NOT NULL)");
        MigrationPlan plan = new PlanReader()
                .read(
                        name + ".yaml",
                        """
                streams:
                  - name: %s
                    source: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%s", user: postgres, password: "%s"}
                    tables:
                      - source: public.items
                        target: items
                        key: [id]
                        columns: {id: {}, amount_cents: {to: amount, convert: cents-to-decimal}, note: {}}
                """.formatted(
                                        source,
                                        SharedPostgres.cluster().jdbcUrl(source),
                                        targetCluster.jdbcUrl(target),
                                        targetCluster.password()),
                        SharedPostgres::environment);
        MigrationPlan.Stream stream = plan.streams().get(0);
        CdcStreams streams =
                new CdcStreams(new ConnectClient(SharedKafka.connect().restUrl()));
        streams.apply(name + ".yaml", plan, stream);
        new SyncBarrier().await(stream, Duration.ofSeconds(120));

        // Paced (10 ms between transactions), so that it is still writing while the fault lasts.
        AtomicInteger committed = new AtomicInteger();
        ExecutorService writing = Executors.newSingleThreadExecutor();
        Future<?> writer = writing.submit(() -> {
            for (int t = 0; t < 50; t++) {
                exec(
                        SharedPostgres.cluster(),
                        source,
                        "INSERT INTO items SELECT i, i, 'n' || i FROM generate_series(" + (t * 100 + 1) + ", "
                                + (t * 100 + 100) + ") i");
                paced(committed);
            }
            for (int t = 0; t < 150; t++) {
                exec(
                        SharedPostgres.cluster(),
                        source,
                        "UPDATE items SET amount_cents = amount_cents + 1, note = 'u" + t + "' WHERE id % 150 = " + t
                                + " OR id BETWEEN " + (t * 33) + " AND " + (t * 33 + 66));
                paced(committed);
            }
            for (int t = 0; t < 100; t++) {
                exec(
                        SharedPostgres.cluster(),
                        source,
                        "DELETE FROM items WHERE id BETWEEN " + (t * 50 + 1) + " AND " + (t * 50 + 10));
                paced(committed);
            }
            return null;
        });
        // Strike mid-stream: the writer is into its updates, and the target has applied some of the inserts.
        await().atMost(Duration.ofSeconds(120)).until(() -> committed.get() >= STRIKE_AT || writer.isDone());
        await().atMost(Duration.ofSeconds(120)).until(() -> targetRows(targetCluster, target) > 0);
        int atStrike = committed.get();
        assertThat(atStrike).as("struck while the writer was writing").isLessThan(TRANSACTIONS);
        fault.strike();
        int afterStrike = committed.get();
        writer.get();
        writing.shutdown();
        assertThat(afterStrike)
                .as("the writer kept committing in the source while the fault lasted")
                .isGreaterThan(atStrike);

        new SyncBarrier().await(stream, CATCH_UP);
        List<Parity.TableParity> parity = new Parity(1_000).compare(stream, line -> {});
        assertThat(parity.get(0).equal()).as(parity.get(0).toString()).isTrue();
        assertThat(parity.get(0).sourceRows()).isEqualTo(4_000);
        StreamStatus status = streams.status(stream, Duration.ofSeconds(30));
        assertThat(status.notes()).as("status after recovery").isEmpty();
        assertThat(streams.remove(stream, Duration.ofSeconds(60)))
                .contains("replication slot strangler_" + stream.name() + " dropped");
        assertThat(streams.status(stream, Duration.ofSeconds(1)).notes())
                .as("nothing left behind")
                .contains("replication slot strangler_" + stream.name() + " does not exist in the source");
    }

    static final int TRANSACTIONS = 300;
    static final int STRIKE_AT = 60;

    private static void paced(AtomicInteger committed) throws InterruptedException {
        committed.incrementAndGet();
        Thread.sleep(10);
    }

    private static long targetRows(PostgresCluster cluster, String db) throws Exception {
        try (Connection c = cluster.connect(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void exec(PostgresCluster cluster, String db, String sql) throws Exception {
        try (Connection c = cluster.connect(db);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
