package dev.strangler.cdc.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.infra.kafka.SharedKafka;
import dev.strangler.infra.postgres.SharedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a person sees when a running stream gets into trouble that the plan's validation could not
 * foresee, because a database changed after the stream was applied: a published table that loses
 * its replica identity, a target key turned into {@code GENERATED ALWAYS AS IDENTITY} that fails the
 * sink task. Status names the cause, a barrier fails at once instead of waiting out its timeout, and
 * applying the plan again, once the cause is fixed, restarts the failed task.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamTroubleTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static String source;
    static String target;
    static MigrationPlan plan;
    static MigrationPlan.Stream stream;
    static ConnectClient connect;
    static CdcStreams streams;

    @BeforeAll
    static void streamRunning() throws Exception {
        source = SharedPostgres.freshDatabase("trouble_src");
        target = SharedPostgres.freshDatabase("trouble_dst");
        String schema = """
                CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL);
                CREATE TABLE product_tags (product_id bigint NOT NULL, tag_id bigint NOT NULL, PRIMARY KEY (product_id, tag_id));
                """;
        sql(source, schema + "INSERT INTO products VALUES (1, 'one'); INSERT INTO product_tags VALUES (1, 7);");
        sql(target, schema);
        plan = new PlanReader()
                .read(
                        "trouble.yaml",
                        """
                streams:
                  - name: %s
                    source: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    tables:
                      - {source: public.products, target: products, key: [id], columns: {id: {}, name: {}}}
                      - {source: public.product_tags, target: product_tags, key: [product_id, tag_id], columns: {product_id: {}, tag_id: {}}}
                """.formatted(
                                        source,
                                        SharedPostgres.cluster().jdbcUrl(source),
                                        SharedPostgres.cluster().jdbcUrl(target)),
                        SharedPostgres::environment);
        stream = plan.streams().get(0);
        connect = new ConnectClient(SharedKafka.connect().restUrl());
        streams = new CdcStreams(connect);
        streams.apply("trouble.yaml", plan, stream);
        new SyncBarrier().await(stream, Duration.ofSeconds(120));
    }

    @AfterAll
    static void streamRemoved() {
        streams.remove(stream, TIMEOUT);
    }

    @Test
    @Order(1)
    void statusWarnsWhenAPublishedTableLosesItsReplicaIdentity() throws Exception {
        sql(source, "ALTER TABLE product_tags DROP CONSTRAINT product_tags_pkey");
        try {
            StreamStatus status = streams.status(stream, TIMEOUT);

            assertThat(status.notes())
                    .as("the monolith's updates and deletes of product_tags fail from now on")
                    .anySatisfy(n -> assertThat(n)
                            .contains("public.product_tags has no replica identity")
                            .contains("ALTER TABLE public.product_tags REPLICA IDENTITY FULL"));
        } finally {
            sql(source, "ALTER TABLE product_tags ADD PRIMARY KEY (product_id, tag_id)");
        }
    }

    @Test
    @Order(2)
    void statusShowsWhyTheSinkTaskFailedNotOnlyThatItExited() throws Exception {
        // A rule of the service's own that the monolith's next row breaks (a GENERATED ALWAYS key no longer does: the
        // sink writes it).
        sql(target, "ALTER TABLE products ADD CONSTRAINT name_is_not_two CHECK (name <> 'two')");
        sql(source, "INSERT INTO products VALUES (2, 'two')");
        String sink = ConnectorConfigs.sinkName(stream);
        await().atMost(TIMEOUT).until(() -> connect.status(sink).taskStates().contains("FAILED"));

        StreamStatus status = streams.status(stream, Duration.ofSeconds(2));

        assertThat(status.healthy()).isFalse();
        assertThat(status.notes())
                .as("the cause from the task's trace, not only Connect's 'Exiting WorkerSinkTask'")
                .anySatisfy(n -> assertThat(n)
                        .contains(sink)
                        .contains("task 0 FAILED")
                        .contains("violates check constraint \"name_is_not_two\""));
    }

    @Test
    @Order(3)
    void aBarrierOnAStreamWhoseTaskFailedFailsAtOnceWithTheCause() {
        long begin = System.nanoTime();

        assertThatThrownBy(() -> new SyncBarrier(connect).await(stream, Duration.ofSeconds(20)))
                .hasMessageContaining(ConnectorConfigs.sinkName(stream) + " task 0 FAILED")
                .hasMessageContaining("name_is_not_two");
        assertThat(Duration.ofNanos(System.nanoTime() - begin))
                .as("it does not wait out its timeout")
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Order(4)
    void applyingThePlanAgainRestartsTheFailedTaskOnceItsCauseIsFixed() throws Exception {
        sql(target, "ALTER TABLE products DROP CONSTRAINT name_is_not_two");

        assertThat(streams.apply("trouble.yaml", plan, stream))
                .as("what was restarted")
                .containsExactly(ConnectorConfigs.sinkName(stream) + " task 0");

        new SyncBarrier().await(stream, TIMEOUT);
        assertThat(one(target, "SELECT name FROM products WHERE id = 2")).isEqualTo("two");
        assertThat(streams.status(stream, TIMEOUT).notes()).isEmpty();
    }

    @Test
    @Order(5)
    void aStreamWhoseReplicationSlotIsGoneIsNotStartedAgainFromItsStoredPosition() throws Exception {
        String source = ConnectorConfigs.sourceName(stream);
        connect.stop(source, TIMEOUT);
        assertThat(connect.offsets(source))
                .as("Connect keeps the source's position")
                .anySatisfy(o -> assertThat(o.has("lsn")).isTrue());
        // As after a restore, or a failover to a replica: the database has no slot for the stream.
        sql(StreamTroubleTest.source, "SELECT pg_drop_replication_slot('" + ConnectorConfigs.slotName(stream) + "')");

        assertThatThrownBy(() -> streams.apply("trouble.yaml", plan, stream))
                .isInstanceOf(CdcStreams.PositionLost.class)
                .hasMessageContaining("replication slot " + ConnectorConfigs.slotName(stream) + " does not exist")
                .hasMessageContaining("strangler cdc remove --stream " + stream.name())
                .hasMessageContaining("strangler verify parity --stream " + stream.name());

        // The way on it names: a new snapshot, then parity.
        streams.remove(stream, TIMEOUT);
        streams.apply("trouble.yaml", plan, stream);
        new SyncBarrier().await(stream, Duration.ofSeconds(120));
        assertThat(new Parity(1_000).compare(stream, line -> {}))
                .allSatisfy(t -> assertThat(t.equal()).as(t.toString()).isTrue());
    }

    static void sql(String db, String statements) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(db);
                Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    static String one(String db, String query) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
