package dev.strangler.connect.sink;

import java.util.List;

/**
 * The sync marker table's protocol, declared once for both of its sides: {@code cdc-core} creates the table, writes
 * the markers and configures this sink with {@link #TABLE_SETTING} and {@link #STREAM_SETTING}; the sink applies the
 * markers, stamps {@link #APPLIED_AT}, follows ownership markers and measures lag. A row is keyed by {@link #STREAM}:
 * the stream's name for a barrier, with {@link #HEARTBEAT} or {@link #OWNERSHIP} appended for the heartbeat and for
 * the columns handed over at a write cutover (its {@link #TOKEN} in {@link Ownership}'s format).
 */
public final class MarkerTable {

    /** The table's name, the same in both databases. */
    public static final String NAME = "strangler_sync_marker";

    /** The key: which stream, and which of its markers. */
    public static final String STREAM = "stream";
    /** What the marker carries: a barrier's unique token, the ownership, or {@link #HEARTBEAT_TOKEN}. */
    public static final String TOKEN = "token";
    /** When the marker was written in the source. */
    public static final String COMMITTED_AT = "committed_at";
    /** When the sink applied it in the target (the target's own column: never carried by a stream). */
    public static final String APPLIED_AT = "applied_at";
    /** The columns a stream carries from the source to the target. */
    public static final List<String> CARRIED = List.of(STREAM, TOKEN, COMMITTED_AT);

    /** Between a stream's name and the kind of a marker that is not a barrier: {@code <stream>/<kind>}. */
    public static final String KEY_SEPARATOR = "/";
    /** Appended to a stream's name: the key of its heartbeat marker. */
    public static final String HEARTBEAT = KEY_SEPARATOR + "heartbeat";
    /** Appended to a stream's name: the key of its ownership marker. */
    public static final String OWNERSHIP = KEY_SEPARATOR + "ownership";
    /** The token of a heartbeat marker. */
    public static final String HEARTBEAT_TOKEN = "heartbeat";

    /** The sink's setting naming the marker table in the target (empty: none). */
    public static final String TABLE_SETTING = "marker.table";
    /** The sink's setting naming the stream whose markers it applies (empty: all). */
    public static final String STREAM_SETTING = "marker.stream";

    private MarkerTable() {}

    public static String heartbeatKey(String stream) {
        return stream + HEARTBEAT;
    }

    public static String ownershipKey(String stream) {
        return stream + OWNERSHIP;
    }
}
