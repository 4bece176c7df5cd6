package dev.strangler.playbook.discover.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which tables to read: {@code schema.table} with {@code *} and {@code ?} wildcards ({@code public.*},
 * {@code public.book*}), several separated by commas. Matched against the names as stored, unquoted and with
 * their case ({@code public.Reading List}).
 */
public record TablePattern(String text, Pattern schema, Pattern table) {

    /** Every pattern of a comma-separated list; a pattern that is not {@code schema.table} is refused, saying so. */
    public static List<TablePattern> parseList(String text) {
        List<TablePattern> patterns = new ArrayList<>();
        for (String one : text.split(",")) {
            String p = one.trim();
            int dot = p.indexOf('.');
            if (dot <= 0 || dot == p.length() - 1) {
                throw new IllegalArgumentException("--tables '" + p
                        + "': a pattern is schema.table, with * and ? as wildcards, such as public.* or public.book*;"
                        + " separate several with commas");
            }
            patterns.add(new TablePattern(p, glob(p.substring(0, dot)), glob(p.substring(dot + 1))));
        }
        return patterns;
    }

    public boolean matches(String schemaName, String tableName) {
        return schema.matcher(schemaName).matches() && table.matcher(tableName).matches();
    }

    /** Whether this pattern names exactly that table, with no wildcard. */
    public boolean names(SourceTable t) {
        return text.equals(t.schema() + "." + t.name());
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
