package dev.strangler.cdc.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.connect.converters.CompactConverter;
import dev.strangler.connect.sink.PositionTable;
import dev.strangler.infra.kafka.SharedKafka;
import dev.strangler.infra.postgres.SharedPostgres;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The sink skips a change at or before the last position it applied, which is only right if the
 * positions real Debezium records carry strictly increase in topic order. Checked here on the real
 * stream, with the case that breaks change LSNs alone: two transactions interleaved, the one that
 * began first committed last.
 */
class SourcePositionTest {

    /** One change of the stream's topic: its target table, key value and position. */
    record Seen(String table, String key, Long commitLsn, long lsn, int ordinal, boolean snapshot) {
        boolean ordered() {
            return !snapshot && commitLsn != null;
        }

        int compareTo(Seen other) {
            int byCommit = Long.compare(commitLsn, other.commitLsn);
            int byLsn = Long.compare(lsn, other.lsn);
            return byCommit != 0 ? byCommit : byLsn != 0 ? byLsn : Integer.compare(ordinal, other.ordinal);
        }
    }

    @Test
    void positionsStrictlyIncreaseInTopicOrderWhenTransactionsInterleaveAndCommitInTheOppositeOrder() throws Exception {
        ItemsStream running =
                ItemsStream.running("positions", "INSERT INTO items VALUES (1, 'snapshot'), (2, 'snapshot')");
        String source = running.source();
        String target = running.target();
        MigrationPlan.Stream stream = running.stream();
        CdcStreams streams = running.streams();

        try (Connection early = SharedPostgres.cluster().connect(source);
                Connection late = SharedPostgres.cluster().connect(source)) {
            early.setAutoCommit(false);
            late.setAutoCommit(false);
            exec(early, "INSERT INTO items VALUES (10, 'began first, committed last')");
            exec(late, "INSERT INTO items VALUES (20, 'began second, committed first')");
            exec(early, "INSERT INTO items VALUES (11, 'began first, committed last')");
            exec(late, "INSERT INTO items VALUES (21, 'began second, committed first')");
            late.commit();
            early.commit();
            // COPY writes its rows as one WAL record: three changes at one LSN
            new CopyManager(early.unwrap(BaseConnection.class))
                    .copyIn("COPY items FROM STDIN", new StringReader("30\tcopied\n31\tcopied\n32\tcopied\n"));
            early.commit();
        }
        new SyncBarrier().await(stream, Duration.ofSeconds(60));

        List<Seen> seen = changes(ConnectorConfigs.topic(stream));
        seen.forEach(s -> System.out.println("position in topic order: " + s));
        List<Seen> items = seen.stream().filter(s -> s.table().equals("items")).toList();
        assertThat(items.stream().map(Seen::key))
                .as("topic order is commit order")
                .containsExactly("1", "2", "20", "21", "10", "11", "30", "31", "32");
        assertThat(items.subList(6, 9))
                .as("the copied rows share an LSN and are numbered")
                .extracting(Seen::lsn)
                .containsOnly(items.get(6).lsn());
        assertThat(items.subList(6, 9)).extracting(Seen::ordinal).containsExactly(0, 1, 2);
        assertThat(one(target, "SELECT count(*) FROM items WHERE id >= 30"))
                .as("every copied row applied")
                .isEqualTo("3");
        assertThat(items.subList(0, 2)).as("snapshot records").allMatch(Seen::snapshot);
        Seen began = items.get(4);
        Seen committedFirst = items.get(2);
        assertThat(began.lsn())
                .as("change LSNs alone go back: the transaction that began first has the lower LSN")
                .isLessThan(committedFirst.lsn());

        List<Seen> streamed = seen.stream().filter(s -> !s.snapshot()).toList();
        List<Seen> ordered = streamed.stream().filter(Seen::ordered).toList();
        assertThat(streamed.size() - ordered.size())
                .as("streamed changes without a last commit (first transaction after the start only)")
                .isLessThanOrEqualTo(1);
        for (int i = 1; i < ordered.size(); i++) {
            assertThat(ordered.get(i).compareTo(ordered.get(i - 1)))
                    .as("position of %s after %s", ordered.get(i), ordered.get(i - 1))
                    .isPositive();
        }
        String stored = one(
                target,
                "SELECT (commit_lsn - '0/0')::bigint || '/' || (lsn - '0/0')::bigint || '/' || ordinal FROM "
                        + PositionTable.NAME + " WHERE stream = '" + stream.name() + "'");
        Seen lastItem = items.get(items.size() - 1);
        Seen storedPosition = new Seen(
                "",
                "",
                Long.parseLong(stored.split("/")[0]),
                Long.parseLong(stored.split("/")[1]),
                Integer.parseInt(stored.split("/")[2]),
                false);
        assertThat(storedPosition.compareTo(lastItem))
                .as(
                        "the sink's stored position %s is at or after the last item's %s (heartbeats follow)",
                        stored, lastItem)
                .isNotNegative();

        assertThat(streams.remove(stream, Duration.ofSeconds(60)))
                .contains("its applied position in the target deleted");
        assertThat(one(target, "SELECT to_regclass('public." + PositionTable.NAME + "') IS NULL"))
                .as("no stream uses the position table: dropped")
                .isEqualTo("t");
    }

    /** Every change in the topic, in order, read as the sink reads it. */
    static List<Seen> changes(String topic) {
        CompactConverter converter = new CompactConverter();
        converter.configure(Map.of(), false);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", SharedKafka.broker().bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<Seen> seen = new ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Struct change =
                            (Struct) converter.toConnectData(topic, r.value()).value();
                    Struct p = change.getStruct("position");
                    List<String> key = change.getArray("key");
                    seen.add(new Seen(
                            change.getString("table"),
                            change.<String, String>getMap("columns").get(key.get(0)),
                            p.getInt64("commit_lsn"),
                            p.getInt64("lsn"),
                            p.getInt32("ordinal"),
                            p.getBoolean("snapshot")));
                }
            }
            return seen;
        }
    }

    static void exec(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    static void sql(String db, String statements) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(db)) {
            exec(c, statements);
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
