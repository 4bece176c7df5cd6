package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A route and its live state ({@code GET /admin/routes}, {@code GET /admin/routes/{id}}), and the answer to a
 * change of it ({@code PUT /admin/routes/{id}}, {@code DELETE /admin/routes/{id}/override}).
 *
 * @param mode         the mode the route is served in now ({@code monolith} while the kill switch is on)
 * @param percent      the share of requests the service answers now: a canary percent kept from before does not count
 * @param fileMode     the mode the route file gives it
 * @param overridden   whether the admin API set its mode over the file's
 * @param tableVersion the version of the live route table (every change makes a new one)
 * @param changed      only in the answer to a change: whether it changed anything (false: nothing to do, not audited)
 */
public record RouteView(
        String id,
        String service,
        List<String> methods,
        List<String> paths,
        String mode,
        double percent,
        String fileMode,
        boolean overridden,
        boolean killSwitch,
        long tableVersion,
        RouteCounters counters,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean changed) {

    /** The same view as the answer to a change. */
    public RouteView withChanged(boolean changed) {
        return new RouteView(
                id,
                service,
                methods,
                paths,
                mode,
                percent,
                fileMode,
                overridden,
                killSwitch,
                tableVersion,
                counters,
                changed);
    }
}
