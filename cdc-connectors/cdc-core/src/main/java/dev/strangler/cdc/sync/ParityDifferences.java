package dev.strangler.cdc.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The rows one table's parity found missing, extra or different, collected from any thread in any
 * order: every one is counted, and the first {@code limit} of each kind in key order are kept (so a
 * target that lost ten million rows costs no memory, and the report lists the same keys however the
 * work was split).
 */
final class ParityDifferences {

    /** One row found: its key columns' text and, for a different row, the target columns that differ. */
    record Row(List<String> key, List<String> columns) {
        String keyText() {
            return String.join(",", key);
        }
    }

    private final Comparator<Row> order;
    private final int limit;
    private final List<PriorityQueue<Row>> kept = new ArrayList<>();
    private final long[] counts = new long[3];
    private long sourceRows;
    private long targetRows;

    ParityDifferences(List<KeyOrder> keyOrders, int limit) {
        this.order = (x, y) -> {
            for (int i = 0; i < keyOrders.size(); i++) {
                int c = keyOrders.get(i).compare(x.key().get(i), y.key().get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        this.limit = limit;
        for (int i = 0; i < 3; i++) {
            kept.add(new PriorityQueue<>(order.reversed())); // the last kept key on top, to drop first
        }
    }

    synchronized void missing(List<String> key) {
        add(0, new Row(key, List.of()));
    }

    synchronized void extra(List<String> key) {
        add(1, new Row(key, List.of()));
    }

    synchronized void different(List<String> key, List<String> columns) {
        add(2, new Row(key, columns));
    }

    /** Rows counted on each side (a part of the table whose rows were found equal, or read row by row). */
    synchronized void rows(long source, long target) {
        sourceRows += source;
        targetRows += target;
    }

    synchronized Parity.TableParity result(String source, String target) {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (Row r : sorted(2)) {
            if (!r.columns().isEmpty()) {
                columns.put(r.keyText(), r.columns());
            }
        }
        return new Parity.TableParity(
                source,
                target,
                sourceRows,
                targetRows,
                keys(sorted(0)),
                keys(sorted(1)),
                keys(sorted(2)),
                counts[0],
                counts[1],
                counts[2],
                columns);
    }

    private void add(int kind, Row row) {
        counts[kind]++;
        PriorityQueue<Row> rows = kept.get(kind);
        if (rows.size() < limit) {
            rows.add(row);
        } else if (order.compare(row, rows.peek()) < 0) {
            rows.poll();
            rows.add(row);
        }
    }

    private List<Row> sorted(int kind) {
        List<Row> rows = new ArrayList<>(kept.get(kind));
        rows.sort(order);
        return rows;
    }

    private static List<String> keys(List<Row> rows) {
        return rows.stream().map(Row::keyText).toList();
    }
}
