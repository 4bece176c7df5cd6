package dev.strangler.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One write cutover or rollback under way, as its driver recorded it ({@code GET /admin/cutovers}), and as the
 * gateway stores it.
 *
 * @param name      what is being cut over (the playbook uses the forward stream's name)
 * @param direction {@code cutover} or {@code rollback}, as the driver names it
 * @param routes    the gateway routes whose writes move
 * @param step      the step the driver is about to take (or took last)
 * @param holding   whether the routes must be held from now on: fenced when they are not
 * @param detail    anything else the driver needs to resume (stream names, columns)
 */
public record CutoverRecord(
        String name,
        String direction,
        List<String> routes,
        String step,
        boolean holding,
        Map<String, String> detail,
        Instant startedAt,
        Instant updatedAt,
        String by) {

    public CutoverRecord {
        routes = routes == null ? List.of() : List.copyOf(routes);
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }
}
