package dev.strangler.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * A small JSON path: {@code $}, then {@code .name}, {@code [n]} or {@code [*]} steps. Enough to name
 * the volatile fields of a response; anything else is rejected when the route file is read.
 */
public record JsonPath(String text, List<String> steps) {

    /** The step that matches any array index or field. */
    public static final String ANY = "*";

    public static JsonPath parse(String text) {
        String t = text.trim();
        if (!t.startsWith("$")) {
            throw new IllegalArgumentException("'" + text + "' must start with $");
        }
        List<String> steps = new ArrayList<>();
        int i = 1;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < t.length() && t.charAt(end) != '.' && t.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException("'" + text + "' has an empty field name at " + i);
                }
                steps.add(t.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = t.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("'" + text + "' has an unclosed [");
                }
                String index = t.substring(i + 1, end).trim();
                if (!index.equals(ANY) && !index.matches("\\d+")) {
                    throw new IllegalArgumentException("'" + text + "': [" + index + "] must be [*] or a number");
                }
                steps.add(index);
                i = end + 1;
            } else {
                throw new IllegalArgumentException(
                        "'" + text + "': unexpected '" + c + "' at " + i + " (use $.field, [n] or [*])");
            }
        }
        return new JsonPath(t, List.copyOf(steps));
    }

    /** True when the concrete path (field names and indexes as strings) is this path or lies below it. */
    public boolean covers(List<String> concrete) {
        if (concrete.size() < steps.size()) {
            return false;
        }
        for (int i = 0; i < steps.size(); i++) {
            String s = steps.get(i);
            if (!s.equals(ANY) && !s.equals(concrete.get(i))) {
                return false;
            }
        }
        return true;
    }
}
