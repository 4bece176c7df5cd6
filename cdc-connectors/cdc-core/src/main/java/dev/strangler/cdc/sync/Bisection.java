package dev.strangler.cdc.sync;

import dev.strangler.cdc.plan.MigrationPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@link Parity.Method#BISECT}: the key space cut into ranges of about {@code chunk} rows at keys
 * sampled once from both sides; each database counts and sums a hash of each row's text per range
 * ({@link ParitySide#hashSql}); a range whose count or sum differ is split at every n-th key of the
 * side with more rows into {@value #PARTS} ranges, checked the same way, until a differing range
 * holds at most {@code chunk / PARTS} rows on each side: those rows are read from both sides and
 * compared column by column. Ranges are checked in parallel, each on one of {@code parallel} pairs of
 * connections.
 *
 * <p>A key range of an integer or UUID key (or of several such columns) is read through the key's
 * index. A key ordered by its text ({@link KeyOrder#TEXT}: text, numeric, dates, converted keys)
 * has no index in that order, so each range query reads the whole table: such tables are compared
 * correctly but slowly (the row-by-row method sorted them once per page, no better).
 */
final class Bisection implements AutoCloseable {

    /** Ranges a differing range is split into. */
    static final int PARTS = 16;

    /** About this many pages of each table are sampled for the first ranges' bounds. */
    private static final int SAMPLE_PAGES = 1_000;

    private final int chunk;
    private final int leafRows;
    private final BlockingQueue<Connection[]> connections;
    private final List<Connection[]> opened = new ArrayList<>();
    private final ExecutorService pool;
    private final Executor workers;

    /** Checks ranges on {@code parallel} pairs of connections, on {@code workers} (null: a pool of that many threads). */
    Bisection(MigrationPlan.Stream stream, int chunk, int parallel, Executor workers) throws SQLException {
        this.chunk = chunk;
        this.leafRows = Math.max(1, chunk / PARTS);
        this.connections = new ArrayBlockingQueue<>(parallel);
        try {
            for (int i = 0; i < parallel; i++) {
                Connection[] pair = new Connection[2];
                opened.add(pair);
                pair[0] = Parity.open(stream.source());
                pair[1] = Parity.open(stream.target());
                connections.add(pair);
            }
        } catch (SQLException e) {
            closeConnections();
            throw e;
        }
        AtomicInteger threads = new AtomicInteger();
        this.pool = workers != null
                ? null
                : Executors.newFixedThreadPool(parallel, r -> {
                    Thread t = new Thread(r, "parity-" + stream.name() + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.workers = workers != null ? workers : pool;
    }

    Parity.TableParity compare(Connection src, Connection dst, Parity.Table t, Consumer<String> progress)
            throws SQLException {
        long start = System.nanoTime();
        Sample sample = sample(src, dst, t);
        Run run = new Run(t);
        List<ParitySide.Range> ranges = ranges(sample);
        // The submitter holds the run open while it submits: a first range checked before the last is submitted
        // must not count as the end of the run (it did: a table was reported on a fifth of its rows).
        run.pending.incrementAndGet();
        for (ParitySide.Range r : ranges) {
            run.submit(r);
        }
        run.submitted();
        while (true) {
            try {
                run.done.get(1, TimeUnit.SECONDS);
                break;
            } catch (TimeoutException e) {
                progress.accept(Parity.progressLine(t.plan().source(), run.rowsDone.get(), sample.rows(), true, start));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(
                        "interrupted while comparing " + t.plan().source(), e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new IllegalStateException(
                        t.plan().source() + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
        return run.differences.result(t.plan().source(), t.plan().target());
    }

    /** Keys sampled from both sides, in key order, and the rows the larger side is thought to hold. */
    private record Sample(List<List<String>> keys, long rows) {}

    private Sample sample(Connection src, Connection dst, Parity.Table t) throws SQLException {
        List<List<String>> keys = new ArrayList<>();
        long rows = Math.max(sample(src, t.source(), keys), sample(dst, t.target(), keys));
        keys.sort(t::compareKeys); // two runs, each sorted by its database: a merge in linear time
        List<List<String>> distinct = new ArrayList<>();
        for (List<String> k : keys) {
            if (distinct.isEmpty() || t.compareKeys(distinct.get(distinct.size() - 1), k) != 0) {
                distinct.add(k);
            }
        }
        return new Sample(distinct, rows);
    }

    /** Adds a sample of the side's keys to {@code keys}; returns the rows the side is thought to hold. */
    private static long sample(Connection c, ParitySide side, List<List<String>> keys) throws SQLException {
        long pages;
        try (PreparedStatement ps = c.prepareStatement(side.pagesSql())) {
            ps.setString(1, side.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                pages = rs.getLong(1);
            }
        }
        double percent = pages <= SAMPLE_PAGES ? 100 : 100.0 * SAMPLE_PAGES / pages;
        long sampled = 0;
        try (PreparedStatement ps = c.prepareStatement(
                        side.sampleSql(Double.parseDouble(String.format(Locale.ROOT, "%.6f", percent))));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(keyOf(rs, side.keyCount()));
                sampled++;
            }
        }
        return Math.round(sampled * 100 / percent);
    }

    /** The first ranges: cut at evenly spaced sampled keys, about {@code chunk} rows each; the first and last unbounded. */
    private List<ParitySide.Range> ranges(Sample sample) {
        long count = Math.max(1, (sample.rows() + chunk - 1) / chunk);
        List<List<String>> bounds = new ArrayList<>();
        int n = sample.keys().size();
        for (long i = 1; i < count && n > 0; i++) {
            List<String> bound = sample.keys().get((int) (i * n / count));
            if (bounds.isEmpty() || bounds.get(bounds.size() - 1) != bound) {
                bounds.add(bound);
            }
        }
        return between(null, bounds, null);
    }

    private static List<ParitySide.Range> between(List<String> from, List<List<String>> bounds, List<String> to) {
        List<ParitySide.Range> ranges = new ArrayList<>();
        List<String> lower = from;
        for (List<String> bound : bounds) {
            ranges.add(new ParitySide.Range(lower, bound));
            lower = bound;
        }
        ranges.add(new ParitySide.Range(lower, to));
        return ranges;
    }

    /** The comparison of one table: ranges in flight, what was found, and when all is done. */
    private final class Run {
        final Parity.Table table;
        final ParityDifferences differences;
        final AtomicInteger pending = new AtomicInteger();
        final AtomicLong rowsDone = new AtomicLong();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Run(Parity.Table table) {
            this.table = table;
            this.differences = table.differences();
        }

        void submit(ParitySide.Range range) {
            pending.incrementAndGet();
            workers.execute(() -> {
                try {
                    check(range);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
                if (pending.decrementAndGet() == 0) {
                    done.complete(null);
                }
            });
        }

        /** Every first range is submitted: the run ends when they and the ranges they split into are checked. */
        void submitted() {
            if (pending.decrementAndGet() == 0) {
                done.complete(null);
            }
        }

        private void check(ParitySide.Range range) throws SQLException, InterruptedException {
            if (done.isDone()) {
                return; // failed elsewhere
            }
            Connection[] pair = connections.take();
            try {
                Hash s = hash(pair[0], table.source(), range);
                Hash d = hash(pair[1], table.target(), range);
                if (s.equals(d)) {
                    differences.rows(s.rows(), d.rows());
                    rowsDone.addAndGet(s.rows());
                } else if (Math.max(s.rows(), d.rows()) <= leafRows) {
                    rows(pair, range);
                    rowsDone.addAndGet(Math.max(s.rows(), d.rows()));
                } else {
                    boolean bySource = s.rows() >= d.rows();
                    long step = (Math.max(s.rows(), d.rows()) + PARTS - 1) / PARTS;
                    List<List<String>> bounds =
                            split(pair[bySource ? 0 : 1], bySource ? table.source() : table.target(), range, step);
                    if (bounds.isEmpty()) {
                        // Only when the rows changed since they were counted: read them rather than split again.
                        rows(pair, range);
                        rowsDone.addAndGet(Math.max(s.rows(), d.rows()));
                        return;
                    }
                    for (ParitySide.Range part : between(range.from(), bounds, range.to())) {
                        submit(part);
                    }
                }
            } finally {
                connections.add(pair);
            }
        }

        /** Reads a small range's rows from both sides and reports each that is missing, extra or different. */
        private void rows(Connection[] pair, ParitySide.Range range) throws SQLException {
            List<Row> left = read(pair[0], table.source(), range);
            List<Row> right = read(pair[1], table.target(), range);
            differences.rows(left.size(), right.size());
            int i = 0;
            int j = 0;
            while (i < left.size() || j < right.size()) {
                int cmp = i == left.size()
                        ? 1
                        : j == right.size()
                                ? -1
                                : table.compareKeys(
                                        left.get(i).key(), right.get(j).key());
                if (cmp == 0) {
                    List<String> columns = new ArrayList<>();
                    for (int c = 0; c < table.columns().size(); c++) {
                        if (!Objects.equals(
                                left.get(i).values().get(c),
                                right.get(j).values().get(c))) {
                            columns.add(table.columns().get(c));
                        }
                    }
                    if (!columns.isEmpty()) {
                        differences.different(left.get(i).key(), columns);
                    }
                    i++;
                    j++;
                } else if (cmp < 0) {
                    differences.missing(left.get(i++).key());
                } else {
                    differences.extra(right.get(j++).key());
                }
            }
        }
    }

    private record Hash(long rows, String sum) {}

    private record Row(List<String> key, List<String> values) {}

    private static Hash hash(Connection c, ParitySide side, ParitySide.Range range) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(side.hashSql(range))) {
            side.bind(ps, range);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Hash(rs.getLong(1), rs.getString(2));
            }
        }
    }

    private static List<List<String>> split(Connection c, ParitySide side, ParitySide.Range range, long step)
            throws SQLException {
        List<List<String>> bounds = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(side.splitSql(range, step))) {
            side.bind(ps, range);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bounds.add(keyOf(rs, side.keyCount()));
                }
            }
        }
        return bounds;
    }

    private static List<Row> read(Connection c, ParitySide side, ParitySide.Range range) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(side.rowsSql(range))) {
            side.bind(ps, range);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>(side.valueCount());
                    for (int i = 1; i <= side.valueCount(); i++) {
                        values.add(rs.getString(side.keyCount() + i));
                    }
                    rows.add(new Row(keyOf(rs, side.keyCount()), values));
                }
            }
        }
        return rows;
    }

    private static List<String> keyOf(ResultSet rs, int keyCount) throws SQLException {
        List<String> key = new ArrayList<>(keyCount);
        for (int i = 1; i <= keyCount; i++) {
            key.add(rs.getString(i));
        }
        return key;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        closeConnections();
    }

    private void closeConnections() {
        for (Connection[] pair : opened) {
            for (Connection c : pair) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (SQLException e) {
                        // closing: nothing left to do with it
                    }
                }
            }
        }
    }
}
