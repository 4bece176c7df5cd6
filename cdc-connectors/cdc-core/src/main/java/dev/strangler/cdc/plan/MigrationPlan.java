package dev.strangler.cdc.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strangler.cdc.conversion.Conversion;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A migration plan as written in its YAML file: streams of tables that move together from a source
 * database to a target database, each table with its mapping into the target schema.
 *
 * <pre>{@code
 * streams:
 *   - name: catalog
 *     source: {url: "jdbc:postgresql://127.0.0.1:15432/monolith", user: postgres, password: "${MONOLITH_DB_PASSWORD}"}
 *     target: {url: "jdbc:postgresql://127.0.0.1:15432/catalog", user: postgres, password: "${CATALOG_DB_PASSWORD}"}
 *     tables:
 *       - source: public.products
 *         target: products
 *         key: [id]
 *         columns:
 *           id: {}
 *           name: {to: title}
 *           price_cents: {to: price, convert: cents-to-decimal}
 * }</pre>
 */
public record MigrationPlan(List<Stream> streams) {

    /**
     * A set of tables that move together, in one ordered topic. A stream with {@code reverse-of}
     * writes back, from the service's database into the monolith's, the columns the service owns
     * after a write cutover: it starts from the moment it is applied (no snapshot: the two databases
     * are in sync then) and its tables are usually {@code apply: update-only}.
     */
    public record Stream(
            String name,
            Database source,
            Database target,
            List<Table> tables,
            @JsonProperty("reverse-of") String reverseOf) {

        public Stream(String name, Database source, Database target, List<Table> tables) {
            this(name, source, target, tables, null);
        }

        public boolean isReverse() {
            return reverseOf != null;
        }
    }

    /** A PostgreSQL database. */
    public record Database(String url, String user, String password) {}

    /**
     * One table: {@code source} as {@code schema.table}, its {@code target} table, the target key
     * columns, the source columns that move (the others are dropped), and how changes apply:
     * {@code upsert} (the default) or {@code update-only} (update the mapped columns of rows the
     * target has; never insert, never delete).
     */
    public record Table(String source, String target, List<String> key, Map<String, Column> columns, String apply) {

        public Table(String source, String target, List<String> key, Map<String, Column> columns) {
            this(source, target, key, columns, null);
        }
    }

    /**
     * A column that moves: {@code to} renames it; {@code convert} names a {@link Conversion} (its
     * {@link Conversion#planName() plan name}, such as {@code cents-to-decimal}), with {@code values}
     * (code to name) for {@code map} and {@code zone} for {@code timestamp-in-zone}.
     */
    public record Column(String to, String convert, Map<String, String> values, String zone)
            implements Conversion.Settings {

        public String targetName(String sourceName) {
            return to == null || to.isBlank() ? sourceName : to;
        }

        /** The conversion {@code convert} names, if any; {@link PlanReader} has refused names that are none. */
        public Optional<Conversion> conversion() {
            return convert == null ? Optional.empty() : Optional.of(Conversion.of(convert));
        }
    }

    public Optional<Stream> stream(String name) {
        return streams.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
