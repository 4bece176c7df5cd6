package dev.strangler.connect.sink;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * A PostgreSQL sink that applies a stream's changes (as {@code MapToTarget} emits them) in exactly
 * the order they were committed in the source, across all the stream's tables: parents before
 * children under foreign keys, every row's changes in commit order. One task, one single-partition
 * topic per stream.
 *
 * <p>Why not Debezium's JDBC sink: it takes one table per topic, and Kafka orders nothing across
 * topics, so a child row can arrive before its parent. Here the whole stream is one ordered topic.
 * Each batch is applied in one transaction, upserts skip rows that would not change ({@code IS
 * DISTINCT FROM}, so a write that changes nothing produces no new change event and two-way syncs
 * settle instead of echoing), and offsets are committed after the transaction: at-least-once
 * delivery with idempotent apply.
 */
public class OrderedJdbcSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        SinkConfig.parse(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return OrderedJdbcSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        // One task keeps the stream in order; more would split it.
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return SinkConfig.DEFINITION;
    }

    @Override
    public String version() {
        return SinkConfig.VERSION;
    }
}
