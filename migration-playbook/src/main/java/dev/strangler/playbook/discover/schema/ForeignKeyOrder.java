package dev.strangler.playbook.discover.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables in the order a stream must list them: every table after the tables its foreign keys reference
 * (parents first), otherwise by name, so the same schema always gives the same draft. Tables on a cycle of
 * foreign keys have no such order: they come last, by name, and each cycle is reported with its tables.
 * A table that references itself is no cycle (the sink applies a stream's changes in commit order).
 */
public record ForeignKeyOrder(List<SourceTable> tables, List<List<String>> cycles) {

    public static ForeignKeyOrder of(List<SourceTable> selected) {
        Map<String, SourceTable> byName = new LinkedHashMap<>();
        selected.stream()
                .sorted(Comparator.comparing(SourceTable::qualifiedName))
                .forEach(t -> byName.put(t.qualifiedName(), t));
        List<SourceTable> ordered = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (SourceTable t : byName.values()) {
                if (!placed.contains(t.qualifiedName())
                        && t.parents().stream().filter(byName::containsKey).allMatch(placed::contains)) {
                    ordered.add(t);
                    placed.add(t.qualifiedName());
                    progress = true;
                    break; // restart from the first name, so ties are broken by name
                }
            }
        }
        List<SourceTable> rest = byName.values().stream()
                .filter(t -> !placed.contains(t.qualifiedName()))
                .toList();
        ordered.addAll(rest);
        return new ForeignKeyOrder(List.copyOf(ordered), cycles(rest, byName));
    }

    /**
     * The cycles among the tables left over: each strongly connected group of them (Tarjan's algorithm), by name.
     * Left-over tables that only hang below a cycle are in no cycle themselves.
     */
    private static List<List<String>> cycles(List<SourceTable> rest, Map<String, SourceTable> byName) {
        Tarjan tarjan = new Tarjan(byName);
        for (SourceTable t : rest) {
            if (!tarjan.index.containsKey(t.qualifiedName())) {
                tarjan.visit(t.qualifiedName());
            }
        }
        return tarjan.groups.stream()
                .filter(g -> g.size() > 1)
                .map(g -> g.stream().sorted().toList())
                .sorted(Comparator.comparing(g -> g.get(0)))
                .toList();
    }

    private static final class Tarjan {
        final Map<String, SourceTable> tables;
        final Map<String, Integer> index = new LinkedHashMap<>();
        final Map<String, Integer> low = new LinkedHashMap<>();
        final List<String> stack = new ArrayList<>();
        final List<List<String>> groups = new ArrayList<>();

        Tarjan(Map<String, SourceTable> tables) {
            this.tables = tables;
        }

        void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.add(v);
            for (String w : tables.get(v).parents()) {
                if (!tables.containsKey(w)) {
                    continue;
                }
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (stack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                List<String> group = new ArrayList<>();
                String w;
                do {
                    w = stack.remove(stack.size() - 1);
                    group.add(w);
                } while (!w.equals(v));
                groups.add(group);
            }
        }
    }
}
