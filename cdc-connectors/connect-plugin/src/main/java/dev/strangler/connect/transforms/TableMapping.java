package dev.strangler.connect.transforms;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How one source table becomes one target table: its target name, key columns (target names), and
 * the columns that move, each with its target name and an optional conversion. Source columns not
 * listed are dropped.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TableMapping(String target, List<String> key, Map<String, ColumnMapping> columns) {

    /**
     * One column.
     *
     * @param name    the target column
     * @param convert {@code cents-to-decimal}, {@code map} (with {@code values}), {@code timestamp-in-zone} (with {@code zone}), or null
     */
    public record ColumnMapping(String name, String convert, Map<String, String> values, String zone) {
    }

    /** The whole mapping of a stream, keyed by source table as {@code schema.table}. */
    public record StreamMapping(Map<String, TableMapping> tables) {
    }
}
