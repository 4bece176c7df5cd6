package dev.strangler.connect.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each batch Kafka Connect hands over in one transaction, in order. A failure of the
 * database (down, restarting, a deadlock with the application) is retriable: the transaction is rolled back and Connect hands the
 * same records again after a back-off, so nothing is lost and nothing is applied twice in effect.
 * Changes that arrive again for any other reason are skipped by their source position (see
 * {@link AppliedPosition}).
 */
public class OrderedJdbcSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(OrderedJdbcSinkTask.class);

    private SinkConfig config;
    private Connection connection;
    private ChangeApplier applier;
    private SyncLagMetrics lag;

    @Override
    public void start(Map<String, String> props) {
        config = SinkConfig.parse(props);
        lag = new SyncLagMetrics(context.pluginMetrics());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<ChangeApplier.Change> changes = new ArrayList<>(records.size());
        for (SinkRecord r : records) {
            if (r.value() == null) {
                continue;
            }
            if (!(r.value() instanceof Struct s) || s.schema().field("columns") == null) {
                throw new DataException("record at " + r.topic() + "/" + r.kafkaPartition() + "@" + r.kafkaOffset()
                        + " is not a change from the MapToTarget transform: the source connector maps its records with it "
                        + "(transforms=map; `strangler cdc render` shows the configs)");
            }
            @SuppressWarnings("unchecked")
            Map<String, String> columns = (Map<String, String>) s.get("columns");
            @SuppressWarnings("unchecked")
            List<String> key = (List<String>) s.get("key");
            changes.add(new ChangeApplier.Change(
                    s.getString("table"), op(s.getString("op"), r), key, columns, Position.of(s)));
        }
        try {
            ensureConnection();
            List<ChangeApplier.Change> applied =
                    applier.apply(changes.stream().filter(applier::ours).toList());
            connection.commit();
            lag.markersApplied(applied, config.markerTable(), config.markerStream());
        } catch (SQLException e) {
            rollbackQuietly();
            if (isTransient(e)) {
                // A new connection and applier: the ownership and position the rolled-back batch may have moved are
                // read back.
                closeQuietly();
                throw new RetriableException(
                        "target database unavailable or the batch lost a lock conflict, will retry: " + e.getMessage(),
                        e);
            }
            throw new ConnectException("could not apply " + changes.size() + " change(s): " + e.getMessage(), e);
        }
    }

    private static ChangeApplier.Op op(String op, SinkRecord r) {
        return switch (op) {
            case "upsert" -> ChangeApplier.Op.UPSERT;
            case "update" -> ChangeApplier.Op.UPDATE;
            case "delete" -> ChangeApplier.Op.DELETE;
            default ->
                throw new DataException("record at " + r.topic() + "/" + r.kafkaPartition() + "@" + r.kafkaOffset()
                        + " has an unknown op '" + op + "'");
        };
    }

    private void ensureConnection() throws SQLException {
        if (connection != null) {
            // No validity round trip per batch: a connection the database dropped fails the batch with a
            // connection error (08xxx), which closes it and retries the batch on a new one.
            return;
        }
        closeQuietly();
        connection = DriverManager.getConnection(config.url(), config.user(), config.password());
        connection.setAutoCommit(false);
        try {
            applier =
                    new ChangeApplier(connection, config.markerTable(), config.markerStream(), config.positionTable());
            connection.commit(); // the reads of ownership and position: no transaction left open while waiting for
            // records
        } catch (SQLException e) {
            closeQuietly(); // the next attempt starts over with a new connection and applier
            throw e;
        }
        log.info(
                "connected to {}; stream {} applied up to position {}",
                config.url(),
                config.markerStream(),
                applier.position());
    }

    /**
     * Worth retrying the same batch: the database is down or restarting (08, 57P, 53300), or the batch
     * was chosen as a deadlock victim or lost a serialization conflict with the application writing
     * the same rows (40P01, 40001), which a stream writing into a table an application also writes
     * must expect.
     */
    private static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return state != null
                && (state.startsWith("08")
                        || state.startsWith("57P")
                        || state.equals("53300")
                        || state.equals("40P01")
                        || state.equals("40001"));
    }

    private void rollbackQuietly() {
        try {
            if (connection != null) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is being replaced
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // gone already
        }
        connection = null;
    }

    @Override
    public void stop() {
        closeQuietly();
        if (lag != null) {
            lag.close();
        }
    }

    @Override
    public String version() {
        return SinkConfig.VERSION;
    }
}
