package dev.strangler.cdc.sync;

import dev.strangler.cdc.plan.MigrationPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which columns change owner at a write cutover, derived from the plan: the columns a reverse stream
 * writes back are the ones the service owns from then on, so its forward stream must stop updating
 * them (in the forward stream's target names).
 */
public final class ColumnOwnership {

    private ColumnOwnership() {}

    /** The forward stream's target columns, by target table, that the reverse stream takes over. */
    public static Map<String, Set<String>> takenOverBy(MigrationPlan.Stream forward, MigrationPlan.Stream reverse) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (MigrationPlan.Table back : reverse.tables()) {
            MigrationPlan.Table there = forward.tables().stream()
                    .filter(t -> unqualified(t.target()).equals(unqualified(back.source())))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("stream " + reverse.name() + " reads "
                            + back.source() + ", which stream " + forward.name() + " does not write"));
            Set<String> forwardTargets = new TreeSet<>();
            there.columns().forEach((name, c) -> forwardTargets.add(c == null ? name : c.targetName(name)));
            Set<String> taken = new TreeSet<>();
            for (String column : back.columns().keySet()) {
                if (back.key()
                        .contains(
                                back.columns().get(column) == null
                                        ? column
                                        : back.columns().get(column).targetName(column))) {
                    continue;
                }
                if (!forwardTargets.contains(column)) {
                    throw new IllegalArgumentException("stream " + reverse.name() + " writes back " + back.source()
                            + "." + column + ", which stream " + forward.name() + " does not write (it writes "
                            + forwardTargets + ")");
                }
                taken.add(column);
            }
            out.put(unqualified(there.target()), taken);
        }
        return out;
    }

    /** Every non-key target column of the stream, by target table: handing all over makes the stream change nothing. */
    public static Map<String, Set<String>> everything(MigrationPlan.Stream stream) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (MigrationPlan.Table t : stream.tables()) {
            Set<String> columns = new TreeSet<>();
            t.columns().forEach((name, c) -> columns.add(c == null ? name : c.targetName(name)));
            columns.removeAll(t.key());
            out.put(unqualified(t.target()), columns);
        }
        return out;
    }

    private static String unqualified(String table) {
        return table.startsWith("public.") ? table.substring("public.".length()) : table;
    }
}
