package dev.strangler.cdc.bench;

import dev.strangler.infra.postgres.PostgresCluster;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * The ceiling: logical decoding of the source with nothing behind it. A pgjdbc replication stream on
 * a slot of its own (pgoutput, {@code proto_version} 1, a publication of the table) whose Insert,
 * Update and Delete messages are counted, not parsed further. Everything a CDC pipeline does (Debezium
 * turning tuples into records, converters, Kafka, the sink, the target's writes) comes on top of this.
 *
 * <p>Either live (a thread reads while the workload writes, as the pipelines do) or from the backlog
 * (the slot is read after the workload has committed: decoding speed alone, not bound by the writer).
 */
final class RawDecoding implements Destination, AutoCloseable {

    private final PostgresCluster cluster;
    private final String database;
    private final String slot;
    private final AtomicLong changes = new AtomicLong();
    private volatile Instant lastChange;
    private volatile Thread reader;
    private volatile PGReplicationStream liveStream;
    private volatile Connection liveConnection;

    private RawDecoding(PostgresCluster cluster, String database, String slot) {
        this.cluster = cluster;
        this.database = database;
        this.slot = slot;
    }

    /** Creates the publication {@code raw} (if missing) and a slot named {@code slot} in {@code database}. */
    static RawDecoding create(PostgresCluster cluster, String database, String slot) throws SQLException {
        try (Connection c = cluster.connect(database);
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_publication WHERE pubname = 'raw'");
            if (!rs.next()) {
                s.execute("CREATE PUBLICATION raw FOR TABLE products");
            }
            s.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        }
        return new RawDecoding(cluster, database, slot);
    }

    /** Starts a thread that reads the slot continuously. */
    void startLive() throws SQLException {
        liveConnection = replicationConnection();
        liveStream = open(liveConnection);
        reader = new Thread(
                () -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            ByteBuffer message = liveStream.read();
                            if (message == null) {
                                return; // the stream was closed (close() after the measurement)
                            }
                            count(message);
                            if (changes.get() % 10_000 == 0) {
                                acknowledge(liveStream);
                            }
                        }
                    } catch (SQLException e) {
                        // closed by stop()
                    }
                },
                "raw-decoding-" + slot);
        reader.setDaemon(true);
        reader.start();
    }

    /** Counts from zero again (the next workload's changes only). */
    @Override
    public void begin() {
        reset();
    }

    private void reset() {
        changes.set(0);
        lastChange = null;
    }

    @Override
    public Applied await(long expected, long fromId, long toId, Instant since, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (changes.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return new Applied(changes.get(), expected, lastChange, changes.get() >= expected);
    }

    /** A backlog read: changes decoded, from opening the slot to the last change. */
    record Backlog(long changes, long expected, Instant opened, Instant last) {
        double rate() {
            return last == null ? 0 : changes / (Duration.between(opened, last).toNanos() / 1e9);
        }
    }

    /** Opens the slot, reads until {@code expected} changes were decoded (or the limit passed), and closes it again. */
    Backlog readBacklog(long expected, Duration limit) throws SQLException {
        reset();
        long deadline = System.nanoTime() + limit.toNanos();
        Instant opened;
        try (Connection c = replicationConnection()) {
            opened = Instant.now();
            PGReplicationStream stream = open(c);
            while (changes.get() < expected && System.nanoTime() < deadline) {
                ByteBuffer message = stream.readPending();
                if (message == null) {
                    Thread.onSpinWait();
                    continue;
                }
                count(message);
            }
            acknowledge(stream);
            stream.forceUpdateStatus();
            stream.close();
        }
        return new Backlog(changes.get(), expected, opened, lastChange);
    }

    private void count(ByteBuffer message) {
        byte type = message.get(message.position());
        if (type == 'I' || type == 'U' || type == 'D') {
            changes.incrementAndGet();
            lastChange = Instant.now();
        }
    }

    /** Lets the server recycle the WAL read so far (sent with the next status update). */
    private static void acknowledge(PGReplicationStream stream) {
        LogSequenceNumber lsn = stream.getLastReceiveLSN();
        stream.setAppliedLSN(lsn);
        stream.setFlushedLSN(lsn);
    }

    private PGReplicationStream open(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class)
                .getReplicationAPI()
                .replicationStream()
                .logical()
                .withSlotName(slot)
                .withSlotOption("proto_version", 1)
                .withSlotOption("publication_names", "raw")
                .withStatusInterval(1, TimeUnit.SECONDS)
                .start();
    }

    private Connection replicationConnection() throws SQLException {
        Properties p = new Properties();
        PGProperty.USER.set(p, cluster.user());
        PGProperty.PASSWORD.set(p, cluster.password());
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        return DriverManager.getConnection(cluster.jdbcUrl(database), p);
    }

    /** Stops the live reader and drops the slot. */
    @Override
    public void close() throws Exception {
        if (reader != null) {
            reader.interrupt();
            try {
                liveStream.close();
            } catch (SQLException ignored) {
                // the reader may have closed it
            }
            liveConnection.close();
            reader.join(5_000);
        }
        try (Connection c = cluster.connect(database);
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_drop_replication_slot('" + slot + "')");
        }
    }
}
