package dev.strangler.connect.transforms;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.strangler.cdc.conversion.Conversion;
import java.util.List;
import java.util.Map;

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
     * @param convert the {@link Conversion#planName() plan name} of a {@link Conversion} (with its {@code values} or
     *                {@code zone}), or null
     */
    public record ColumnMapping(String name, String convert, Map<String, String> values, String zone)
            implements Conversion.Settings {

        /** The column's conversion, or null. */
        public Conversion conversion() {
            return convert == null ? null : Conversion.of(convert);
        }
    }

    /**
     * The whole mapping of a stream, keyed by source table as {@code schema.table}. Refuses, when it is
     * read, a conversion that is none or lacks its settings, so a bad mapping fails the transform's
     * configuration rather than the first change of that column.
     */
    public record StreamMapping(Map<String, TableMapping> tables) {

        public StreamMapping {
            tables.forEach((table, mapping) -> mapping.columns().forEach((column, c) -> {
                try {
                    Conversion conversion = c.conversion();
                    if (conversion != null) {
                        conversion.settingsProblem(c).ifPresent(problem -> {
                            throw new IllegalArgumentException("convert: " + problem);
                        });
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(table + "." + column + ": " + e.getMessage(), e);
                }
            }));
        }
    }
}
