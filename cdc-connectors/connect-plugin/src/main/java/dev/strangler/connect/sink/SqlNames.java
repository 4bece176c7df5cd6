package dev.strangler.connect.sink;

/**
 * How a plan's table and column names become SQL. A plan names tables as PostgreSQL stores them,
 * {@code schema.table} or {@code table}, without quotes ({@code public.Reading List}), as Debezium
 * reports them in its change events; every statement the toolkit writes quotes them, so names with
 * capitals, spaces or reserved words ({@code "Reading List"}, {@code "member"}) work as plain ones do.
 * The first dot separates the schema: a table name cannot contain one.
 */
public final class SqlNames {

    private SqlNames() {}

    /** {@code identifier} as one quoted SQL identifier: {@code Shelf Code} as {@code "Shelf Code"}. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** A plan's table name as SQL: {@code public.Reading List} as {@code "public"."Reading List"}, {@code books} as {@code "books"}. */
    public static String table(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? quote(name) : quote(name.substring(0, dot)) + "." + quote(name.substring(dot + 1));
    }

    /**
     * A plan's table or column name for a statement a person reads and pastes (a fix in an error message):
     * quoted only where it needs it, so {@code public.products} stays as it is and {@code public.Reading List}
     * becomes {@code public."Reading List"}. A lower-case name that is a reserved word is not quoted.
     */
    public static String shown(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? shownPart(name) : shownPart(name.substring(0, dot)) + "." + shownPart(name.substring(dot + 1));
    }

    private static String shownPart(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_$]*") ? identifier : quote(identifier);
    }
}
