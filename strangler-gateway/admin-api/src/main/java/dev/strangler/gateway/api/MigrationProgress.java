package dev.strangler.gateway.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one feature's migration stands, as its driver ({@code strangler migrate}) last reported it ({@code PUT
 * /admin/migrations/{feature}}, {@code GET /admin/migrations}), and as the gateway stores it for the status page.
 * Progress, not routing: the gateway routes nothing by it and does not audit it.
 *
 * @param feature     the feature's name in the migration plan: {@code [a-z][a-z0-9-]{0,40}}
 * @param routes      the gateway routes the feature moves
 * @param writeRoutes those of its routes whose writes move too (empty when none)
 * @param step        the current step, or the last one taken, counted from 1 ({@code 0} only while {@code not
 *                    started})
 * @param steps       how many steps the feature's plan has
 * @param phase       what the step does, as a person reads it ({@code canary 10%}, {@code write cutover})
 * @param status      {@code not started}, {@code running}, {@code passed}, {@code done} or {@code rolled back}
 * @param since       when the step began; null when none has
 * @param next        what happens next, or what it waits for, as a person reads it
 * @param lastGates   the last gate results, as a person reads them
 * @param streams     the feature's CDC streams as the driver last saw them
 * @param ownership   per table, the columns the service owns (empty while the monolith owns everything)
 * @param updatedAt   when the gateway received this report (set by the gateway; a value sent is replaced)
 */
public record MigrationProgress(
        String feature,
        List<String> routes,
        List<String> writeRoutes,
        int step,
        int steps,
        String phase,
        String status,
        Instant since,
        String next,
        List<String> lastGates,
        List<StreamLag> streams,
        Map<String, List<String>> ownership,
        Instant updatedAt) {

    /**
     * Missing lists and maps are empty. Unlike {@code List.copyOf}, the copies keep a null element, so that the
     * gateway refuses it naming the field rather than as a body it cannot read.
     */
    public MigrationProgress {
        routes = copy(routes);
        writeRoutes = copy(writeRoutes);
        lastGates = copy(lastGates);
        streams = copy(streams);
        // Tables in the order the driver gave them, so the page lists them as its plan does.
        Map<String, List<String>> owned = new LinkedHashMap<>();
        if (ownership != null) {
            ownership.forEach((table, columns) -> owned.put(table, copy(columns)));
        }
        ownership = Collections.unmodifiableMap(owned);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** The same report, as received at {@code at}. */
    public MigrationProgress receivedAt(Instant at) {
        return new MigrationProgress(
                feature,
                routes,
                writeRoutes,
                step,
                steps,
                phase,
                status,
                since,
                next,
                lastGates,
                streams,
                ownership,
                at);
    }
}
