package dev.strangler.connect.transforms;

import java.util.Objects;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Where a change stands in its stream, read from the {@code source} block of Debezium's PostgreSQL
 * connector, so the sink can tell a change it has applied already from a new one.
 *
 * <p>Debezium's {@code lsn} is the change's own WAL position, which is <em>not</em> in stream order:
 * pgoutput sends whole transactions in commit order, and a transaction that began earlier has lower
 * change LSNs than one committed ahead of it. Its {@code sequence}, {@code ["<last commit>", "<lsn>"]}
 * (decimal LSNs as strings), is: the end LSN of the last commit Debezium passed before this change,
 * and the change's LSN. That pair is strictly increasing in stream order: every commit raises the
 * first, and within a transaction the second rises. The first is null in the first transaction after
 * a start without a stored commit ({@code commit_lsn} null here), and snapshot records ({@code snapshot}
 * true) carry the LSN of the snapshot and no commit.
 *
 * <p>Several changes can share one LSN: a multi-row insert (COPY) is one WAL record, decoded into one
 * change per row. {@code ordinal} numbers the changes of one position in the order they came (0 for
 * the first), so each has a position of its own. Debezium resumes at the granularity of an LSN, so a
 * group it sends again starts at its first change, and the numbering restarts with it.
 */
public final class SourcePosition {

    /** {@code commit_lsn}: end of the last commit before the change (null: unknown); {@code lsn}: the change's LSN. */
    public static final Schema SCHEMA = SchemaBuilder.struct()
            .name("dev.strangler.SourcePosition")
            .optional()
            .field("commit_lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("lsn", Schema.INT64_SCHEMA)
            .field("snapshot", Schema.BOOLEAN_SCHEMA)
            .field("ordinal", Schema.OPTIONAL_INT32_SCHEMA)
            .build();

    private Long lastCommitLsn;
    private long lastLsn = -1;
    private boolean lastSnapshot;
    private int ordinal;

    /** Positions numbered within one source task: one instance per transform. */
    SourcePosition() {}

    /** The position of the next change, from Debezium's {@code source} block, or null for a source that has none. */
    Struct next(Struct source) {
        Struct position = of(source);
        if (position == null) {
            return null;
        }
        Long commitLsn = position.getInt64("commit_lsn");
        long lsn = position.getInt64("lsn");
        boolean snapshot = position.getBoolean("snapshot");
        if (lsn == lastLsn && Objects.equals(commitLsn, lastCommitLsn) && snapshot == lastSnapshot) {
            ordinal++;
        } else {
            ordinal = 0;
            lastCommitLsn = commitLsn;
            lastLsn = lsn;
            lastSnapshot = snapshot;
        }
        return position.put("ordinal", ordinal);
    }

    /** The position of a change from Debezium's {@code source} block (ordinal unset), or null for a source that has none. */
    static Struct of(Struct source) {
        Field lsnField = source.schema().field("lsn");
        if (lsnField == null) {
            return null;
        }
        Object lsn = source.get(lsnField);
        if (!(lsn instanceof Long changeLsn)) {
            return null;
        }
        boolean snapshot = isSnapshot(source);
        Long commitLsn = null;
        if (!snapshot && source.schema().field("sequence") != null) {
            commitLsn = firstOf(source.getString("sequence"));
        }
        return new Struct(SCHEMA)
                .put("commit_lsn", commitLsn)
                .put("lsn", changeLsn)
                .put("snapshot", snapshot);
    }

    /** {@code snapshot} is "true", "first", "last", "first_in_data_collection", ... for snapshot records, "false" or absent otherwise. */
    private static boolean isSnapshot(Struct source) {
        Field field = source.schema().field("snapshot");
        if (field == null) {
            return false;
        }
        Object value = source.get(field);
        return value != null && !"false".equals(value.toString());
    }

    /**
     * The first element of {@code ["123","456"]} or {@code [null,"456"]}, as a number; null when it
     * is null or the text is not that shape. Parsed by hand: this runs for every change in the source task.
     */
    static Long firstOf(String sequence) {
        if (sequence == null || sequence.length() < 2 || sequence.charAt(0) != '[') {
            return null;
        }
        int comma = sequence.indexOf(',');
        String first = (comma < 0 ? sequence.substring(1, sequence.length() - 1) : sequence.substring(1, comma)).trim();
        if (first.length() < 3 || first.charAt(0) != '"' || first.charAt(first.length() - 1) != '"') {
            return null;
        }
        try {
            return Long.parseLong(first.substring(1, first.length() - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
