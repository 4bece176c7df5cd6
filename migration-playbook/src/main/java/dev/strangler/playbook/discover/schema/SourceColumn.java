package dev.strangler.playbook.discover.schema;

/**
 * A column of a source table, as the catalogs describe it.
 *
 * @param type      its type as PostgreSQL prints it ({@code numeric(10,2)}, {@code text[]})
 * @param baseType  the type's name, of its elements for an array ({@code numeric}, {@code text})
 * @param array     whether it is an array
 * @param typeKind  {@code pg_type.typtype} of the base type: b (base), e (enum), d (domain), c (composite), r (range)
 * @param identity  {@code pg_attribute.attidentity}: a (GENERATED ALWAYS), d (BY DEFAULT), or blank
 * @param generated whether it is a generated (stored) column
 * @param sequence  the sequence that gives it values (serial and identity columns), or null
 */
public record SourceColumn(
        String name,
        String type,
        String baseType,
        boolean array,
        char typeKind,
        boolean notNull,
        char identity,
        boolean generated,
        String sequence) {}
