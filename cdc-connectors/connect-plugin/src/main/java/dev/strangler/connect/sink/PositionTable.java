package dev.strangler.connect.sink;

/**
 * The position table's protocol: {@code cdc-core} creates the table in a stream's target and names it to this sink
 * with {@link #SETTING}; the sink keeps there, per stream, the source position of the last change it applied.
 */
public final class PositionTable {

    /** The table's name in the target (and the sink's default). */
    public static final String NAME = "strangler_sync_position";

    /** The key: the stream's name. */
    public static final String STREAM = "stream";
    /** The source transaction's commit position of the last change applied. */
    public static final String COMMIT_LSN = "commit_lsn";
    /** The change's own position in the source. */
    public static final String LSN = "lsn";
    /** The change's place among changes of the same position. */
    public static final String ORDINAL = "ordinal";
    /** When the sink wrote the row. */
    public static final String APPLIED_AT = "applied_at";

    /** The sink's setting naming the position table (empty: every change is applied). */
    public static final String SETTING = "position.table";

    private PositionTable() {}
}
