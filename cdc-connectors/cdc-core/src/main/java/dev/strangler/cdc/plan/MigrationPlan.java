package dev.strangler.cdc.plan;

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
 *     source: {url: "jdbc:postgresql://127.0.0.1:15432/monolith", user: postgres, password: ""}
 *     target: {url: "jdbc:postgresql://127.0.0.1:15432/catalog", user: postgres, password: ""}
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

    /** A set of tables that move together, in one ordered topic. */
    public record Stream(String name, Database source, Database target, List<Table> tables) {
    }

    /** A PostgreSQL database. */
    public record Database(String url, String user, String password) {
    }

    /**
     * One table: {@code source} as {@code schema.table}, its {@code target} table, the target key
     * columns, and the source columns that move (the others are dropped).
     */
    public record Table(String source, String target, List<String> key, Map<String, Column> columns) {
    }

    /**
     * A column that moves: {@code to} renames it; {@code convert} is {@code cents-to-decimal}, {@code map}
     * (with {@code values}: code to name) or {@code timestamp-in-zone} (with {@code zone}).
     */
    public record Column(String to, String convert, Map<String, String> values, String zone) {

        public String targetName(String sourceName) {
            return to == null || to.isBlank() ? sourceName : to;
        }
    }

    public Optional<Stream> stream(String name) {
        return streams.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
