package dev.strangler.gateway.api;

import java.util.List;
import java.util.Map;

/**
 * The step a write cutover's driver is about to take (see {@link CutoverRecord}): {@code PUT
 * /admin/cutovers/{name}} records it; {@code POST /admin/cutovers/{name}/steps} records it and then takes
 * {@code then} on the gateway (see {@link CutoverStepTaken}).
 */
public record CutoverStepRequest(
        String direction,
        List<String> routes,
        String step,
        Boolean holding,
        Map<String, String> detail,
        String reason,
        CutoverAction then) {

    /** A step to record only. */
    public CutoverStepRequest(
            String direction,
            List<String> routes,
            String step,
            Boolean holding,
            Map<String, String> detail,
            String reason) {
        this(direction, routes, step, holding, detail, reason, null);
    }
}
