package dev.strangler.cdc.sync;

import java.util.Set;

/**
 * How {@link Parity} orders one key column in both databases, and compares two of its values in
 * Java, in one and the same order. Parity merges two key-ordered reads, so its comparison must be
 * exactly the order PostgreSQL returned the rows in. It used to guess (numbers when both values
 * parse as numbers, else Java's String order), and reported rows as both missing and extra when a
 * text key held digits ({@code '10' < '9'} as text) or characters beyond the Basic Multilingual
 * Plane (UTF-8 and UTF-16 order those differently).
 *
 * <p>The order is chosen by the target column's type, which both sides are cast to.
 */
enum KeyOrder {

    /** smallint, integer, bigint: ordered as numbers by each database (the key's index serves), compared as numbers. */
    INTEGER {
        @Override
        String orderBy(String value) {
            return value;
        }

        @Override
        String parameter(String type) {
            return "CAST(? AS " + type + ")";
        }

        @Override
        int compare(String x, String y) {
            return Long.compare(Long.parseLong(x), Long.parseLong(y));
        }
    },

    /**
     * uuid: PostgreSQL orders its 16 bytes, which is the order of its text (lower-case hex digits,
     * hyphens at fixed places), so it is ordered as a uuid (the key's index serves) and compared as text.
     */
    UUID {
        @Override
        String orderBy(String value) {
            return value;
        }

        @Override
        String parameter(String type) {
            return "CAST(? AS uuid)";
        }

        @Override
        int compare(String x, String y) {
            return x.compareTo(y);
        }
    },

    /**
     * Every other type (text and varchar, numeric, dates, enums, a key converted into another type):
     * ordered by its text in byte order ({@code COLLATE "C"}), whatever the type's own order and the
     * databases' collations, and compared by code point, which is the byte order of UTF-8. Each query
     * then sorts what is left of the table instead of reading an index.
     */
    TEXT {
        @Override
        String orderBy(String value) {
            return "(" + value + ")::text COLLATE \"C\"";
        }

        @Override
        String parameter(String type) {
            return "CAST(? AS text) COLLATE \"C\"";
        }

        @Override
        int compare(String x, String y) {
            int i = 0;
            while (i < x.length() && i < y.length()) {
                int a = x.codePointAt(i);
                int b = y.codePointAt(i);
                if (a != b) {
                    return Integer.compare(a, b);
                }
                i += Character.charCount(a);
            }
            return Integer.compare(x.length(), y.length());
        }
    };

    private static final Set<String> INTEGERS = Set.of("smallint", "integer", "bigint");

    /** The order for a key column of {@code type}, as PostgreSQL's {@code format_type} names it. */
    static KeyOrder of(String type) {
        if (INTEGERS.contains(type)) {
            return INTEGER;
        }
        return type.equals("uuid") ? UUID : TEXT;
    }

    /** The SQL both sides order by, for a key column's {@code value} (an SQL expression of the column's type). */
    abstract String orderBy(String value);

    /** The SQL of the parameter a chunk's query starts after: the previous chunk's last key, as text. */
    abstract String parameter(String type);

    /** Compares two key values, as the text PostgreSQL gives for {@link #orderBy}, in the order the databases returned them. */
    abstract int compare(String x, String y);
}
