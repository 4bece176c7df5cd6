package dev.strangler.connect.transforms;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How one source table becomes one target table: its target name, key columns (target names), the
 * columns that move, each with its target name and an optional conversion, and how changes apply.
 * Source columns not listed are dropped.
 *
 * @param apply {@value #UPSERT} (null means the same: inserts and updates upsert, deletes delete) or
 *              {@value #UPDATE_ONLY} (changes only update rows the target has, deletes are ignored:
 *              for a stream that writes back the few columns a service owns into a table the
 *              monolith keeps owning)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TableMapping(String target, List<String> key, Map<String, ColumnMapping> columns, String apply) {

    public static final String UPSERT = "upsert";
    public static final String UPDATE_ONLY = "update-only";

    public TableMapping(String target, List<String> key, Map<String, ColumnMapping> columns) {
        this(target, key, columns, null);
    }

    public boolean updateOnly() {
        return UPDATE_ONLY.equals(apply);
    }

    /**
     * One column.
     *
     * @param name    the target column
     * @param convert {@code cents-to-decimal}, {@code decimal-to-cents}, {@code map} (with {@code values}), {@code timestamp-in-zone} (with {@code zone}), or null
     */
    public record ColumnMapping(String name, String convert, Map<String, String> values, String zone) {
    }

    /** The whole mapping of a stream, keyed by source table as {@code schema.table}. */
    public record StreamMapping(Map<String, TableMapping> tables) {
    }
}
