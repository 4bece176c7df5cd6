package dev.strangler.connect.sink;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which target columns a stream has handed over to the service, written as the token of the
 * stream's ownership marker: {@code products:description,price,title;categories:name}. Empty: the
 * stream owns every column it maps.
 */
public final class Ownership {

    private Ownership() {}

    public static Map<String, Set<String>> parse(String token) {
        Map<String, Set<String>> handedOver = new LinkedHashMap<>();
        if (token == null || token.isBlank()) {
            return handedOver;
        }
        for (String part : token.split(";")) {
            String[] tableColumns = part.split(":", 2);
            if (tableColumns.length != 2 || tableColumns[0].isBlank()) {
                throw new IllegalArgumentException("ownership token part '" + part + "' is not table:column,column");
            }
            handedOver.put(
                    tableColumns[0].trim(),
                    Arrays.stream(tableColumns[1].split(","))
                            .map(String::trim)
                            .filter(c -> !c.isEmpty())
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
        return handedOver;
    }

    public static String format(Map<String, ? extends Set<String>> handedOver) {
        return new TreeMap<>(handedOver)
                .entrySet().stream()
                        .map(e -> e.getKey() + ":" + String.join(",", new TreeSet<>(e.getValue())))
                        .collect(Collectors.joining(";"));
    }
}
