package dev.strangler.playbook.discover.schema;

import java.util.List;

/**
 * A table of the source database, as the catalogs describe it.
 *
 * @param sqlName     its name as SQL writes it, quoted where needed ({@code public."Reading List"})
 * @param primaryKey  the primary key's columns in key order, empty when there is none
 * @param uniqueKeys  the other unique keys PostgreSQL would accept as replica identity (no predicate, no
 *                    expression, NOT NULL columns), each as its index name and columns
 * @param parents     the tables its foreign keys reference, as {@code schema.table}
 * @param bytes       {@code pg_total_relation_size}: table, indexes and TOAST
 * @param rowEstimate {@code pg_class.reltuples}; negative when the table was never analyzed
 */
public record SourceTable(
        String schema,
        String name,
        String sqlName,
        List<SourceColumn> columns,
        List<String> primaryKey,
        List<UniqueKey> uniqueKeys,
        List<String> parents,
        long bytes,
        long rowEstimate) {

    /** A unique index usable as a key. */
    public record UniqueKey(String index, List<String> columns) {}

    /** {@code schema.table}, unquoted: how the plan and the fix list name it. */
    public String qualifiedName() {
        return schema + "." + name;
    }
}
