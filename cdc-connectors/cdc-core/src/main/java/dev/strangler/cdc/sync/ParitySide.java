package dev.strangler.cdc.sync;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One side of a table {@link Parity} compares, as SQL: its key columns in the order both sides share
 * ({@link KeyOrder}), and its mapped columns as the text both sides compare. The source side's
 * expressions are the plan's conversions cast to the target columns' types, the target side's are its
 * columns, so equal rows give equal text on both sides. Every query of both parity methods is built
 * here, from one definition of a row's text and one of a key range.
 */
final class ParitySide {

    /** A range of keys: from {@code from} (inclusive) to {@code to} (exclusive); null is unbounded. */
    record Range(List<String> from, List<String> to) {
        static final Range ALL = new Range(null, null);
    }

    private final String table;
    private final List<String> keys;
    private final List<String> keyParams;
    private final List<String> values;

    /**
     * @param table the quoted table name
     * @param keys the key columns as SQL expressions to order by ({@link KeyOrder#orderBy})
     * @param keyParams the typed parameter SQL of each key column ({@link KeyOrder#parameter})
     * @param values each mapped column's value as text, in the plan's column order
     */
    ParitySide(String table, List<String> keys, List<String> keyParams, List<String> values) {
        this.table = table;
        this.keys = List.copyOf(keys);
        this.keyParams = List.copyOf(keyParams);
        this.values = List.copyOf(values);
    }

    String table() {
        return table;
    }

    int keyCount() {
        return keys.size();
    }

    int valueCount() {
        return values.size();
    }

    /** A row's text: its values joined by the unit separator, NULL as chr(1) (what parity has always hashed). */
    String rowText() {
        return "concat_ws(chr(31), "
                + values.stream().map(v -> "coalesce(" + v + ", chr(1))").collect(Collectors.joining(", ")) + ")";
    }

    /**
     * Rows and the sum of a 64-bit hash of each row's text, over a range: equal on both sides when
     * the range holds the same rows (a sum, so the order rows are read in does not matter). {@code
     * hashtextextended} is PostgreSQL's hash of text (as hash partitioning uses, stable across
     * versions); with {@code COLLATE "C"} it hashes the bytes. Its sum is exact ({@code numeric}).
     */
    String hashSql(Range range) {
        return "SELECT count(*), coalesce(sum(hashtextextended(" + rowText() + " COLLATE \"C\", 0)), 0)::text FROM "
                + table + where(range);
    }

    /**
     * Every {@code step}-th key of a range, in key order: the bounds that split it into parts of
     * {@code step} rows (of this side).
     */
    String splitSql(Range range, long step) {
        return "SELECT " + keyAliases() + " FROM (SELECT " + keyTexts() + ", row_number() OVER (ORDER BY "
                + String.join(", ", keys) + ") AS strangler_rn FROM " + table + where(range)
                + ") s WHERE strangler_rn % " + step + " = 0 ORDER BY strangler_rn";
    }

    /**
     * The keys of about {@code percent} % of the table's pages (whole pages, as {@code TABLESAMPLE
     * SYSTEM} reads them), in key order (sorted by the database: the two sides' samples are then
     * merged in Java in linear time, rather than sorted there).
     */
    String sampleSql(double percent) {
        return "SELECT " + keyTexts() + " FROM " + table + " TABLESAMPLE SYSTEM (" + percent + ") ORDER BY "
                + String.join(", ", keys);
    }

    /** The table's size in pages, without reading it. */
    String pagesSql() {
        return "SELECT pg_relation_size(to_regclass(?)) / current_setting('block_size')::bigint";
    }

    /**
     * The rows of a range in key order: their keys, then each value's text (aliased, as the keys are:
     * a value named like a key column would make ORDER BY sort by its text).
     */
    String rowsSql(Range range) {
        List<String> aliased = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            aliased.add(values.get(i) + " AS strangler_v" + i);
        }
        return "SELECT " + keyTexts() + ", " + String.join(", ", aliased) + " FROM " + table + where(range)
                + " ORDER BY " + String.join(", ", keys);
    }

    /**
     * The first {@code limit} rows (keys and an MD5 of the row's text) after a key, or from the start
     * when {@code first}: the reads of {@link Parity.Method#ROWS}.
     */
    String pageSql(boolean first, int limit) {
        return "SELECT " + keyTexts() + ", md5(" + rowText() + ") AS strangler_hash FROM " + table
                + (first ? "" : " WHERE (" + String.join(", ", keys) + ") > (" + String.join(", ", keyParams) + ")")
                + " ORDER BY " + String.join(", ", keys) + " LIMIT " + limit;
    }

    /** Sets the range's bounds as the parameters of a query built with {@link #where}, from parameter {@code index}. */
    void bind(PreparedStatement statement, Range range) throws SQLException {
        int index = 1;
        for (String value : range.from() == null ? List.<String>of() : range.from()) {
            statement.setString(index++, value);
        }
        for (String value : range.to() == null ? List.<String>of() : range.to()) {
            statement.setString(index++, value);
        }
    }

    /** Sets a key as the parameters of a {@link #pageSql} after it. */
    void bindKey(PreparedStatement statement, List<String> key) throws SQLException {
        for (int i = 0; i < key.size(); i++) {
            statement.setString(i + 1, key.get(i));
        }
    }

    private String where(Range range) {
        List<String> conditions = new ArrayList<>(2);
        String row = "(" + String.join(", ", keys) + ")";
        // Typed parameters: an untyped one inside a row comparison is not resolved to the key's type.
        String params = "(" + String.join(", ", keyParams) + ")";
        if (range.from() != null) {
            conditions.add(row + " >= " + params);
        }
        if (range.to() != null) {
            conditions.add(row + " < " + params);
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** Aliased: an output column named like a key column would make ORDER BY sort its text, not the key. */
    private String keyTexts() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            texts.add("(" + keys.get(i) + ")::text AS strangler_k" + i);
        }
        return String.join(", ", texts);
    }

    private String keyAliases() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            names.add("strangler_k" + i);
        }
        return String.join(", ", names);
    }
}
