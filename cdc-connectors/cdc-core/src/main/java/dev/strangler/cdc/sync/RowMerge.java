package dev.strangler.cdc.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link Parity.Method#ROWS}: every row of each side reduced to its key and an MD5 of its text,
 * read in key-ordered pages (keyset pagination), the two sides merged in key order. Reads and sends
 * every row of both tables; kept as the measure {@link Bisection} is compared with.
 */
final class RowMerge {

    private final int chunk;

    RowMerge(int chunk) {
        this.chunk = chunk;
    }

    Parity.TableParity compare(Connection src, Connection dst, Parity.Table t, Consumer<String> progress)
            throws SQLException {
        ParityDifferences differences = t.differences();
        Pages left = new Pages(src, t.source());
        Pages right = new Pages(dst, t.target());
        long start = System.nanoTime();
        long lastProgress = start;
        long sourceRows = 0;
        long targetRows = 0;
        Row a = left.next();
        Row b = right.next();
        while (a != null || b != null) {
            int cmp = a == null ? 1 : b == null ? -1 : t.compareKeys(a.keys(), b.keys());
            if (cmp == 0) {
                sourceRows++;
                targetRows++;
                if (!a.hash().equals(b.hash())) {
                    differences.different(a.keys(), List.of());
                }
                a = left.next();
                b = right.next();
            } else if (cmp < 0) {
                sourceRows++;
                differences.missing(a.keys());
                a = left.next();
            } else {
                targetRows++;
                differences.extra(b.keys());
                b = right.next();
            }
            if (System.nanoTime() - lastProgress > 1_000_000_000L) {
                lastProgress = System.nanoTime();
                progress.accept(Parity.progressLine(t.plan().source(), sourceRows, 0, false, start));
            }
        }
        differences.rows(sourceRows, targetRows);
        return differences.result(t.plan().source(), t.plan().target());
    }

    private record Row(List<String> keys, String hash) {}

    /** One side, read in key order, {@code chunk} rows per query. */
    private final class Pages {
        private final Connection connection;
        private final ParitySide side;
        private List<Row> buffer = List.of();
        private int position;
        private boolean exhausted;

        Pages(Connection connection, ParitySide side) {
            this.connection = connection;
            this.side = side;
        }

        Row next() throws SQLException {
            if (position < buffer.size()) {
                return buffer.get(position++);
            }
            if (exhausted) {
                return null;
            }
            Row last = buffer.isEmpty() ? null : buffer.get(buffer.size() - 1);
            try (PreparedStatement ps = connection.prepareStatement(side.pageSql(last == null, chunk))) {
                if (last != null) {
                    side.bindKey(ps, last.keys());
                }
                List<Row> rows = new ArrayList<>(chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    int keyCount = side.keyCount();
                    while (rs.next()) {
                        List<String> keys = new ArrayList<>(keyCount);
                        for (int i = 1; i <= keyCount; i++) {
                            keys.add(rs.getString(i));
                        }
                        rows.add(new Row(keys, rs.getString(keyCount + 1)));
                    }
                }
                buffer = rows;
                position = 0;
                exhausted = rows.size() < chunk;
            }
            return position < buffer.size() ? buffer.get(position++) : null;
        }
    }
}
