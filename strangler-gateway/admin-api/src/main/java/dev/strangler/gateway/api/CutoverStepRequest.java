package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The step a write cutover's driver is about to take (see {@link CutoverRecord}): {@code PUT
 * /admin/cutovers/{name}} records it; {@code POST /admin/cutovers/{name}/steps} records it and then takes
 * {@code then} on the gateway (see {@link CutoverStepTaken}); after a flip, when {@code releaseStep} names the
 * step that releases, it also records that one (not holding) and releases the routes, in the same call.
 */
public record CutoverStepRequest(
        String direction,
        List<String> routes,
        String step,
        Boolean holding,
        Map<String, String> detail,
        String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) CutoverAction then,
        @JsonInclude(JsonInclude.Include.NON_NULL) String releaseStep) {

    /** A step to record only. */
    public CutoverStepRequest(
            String direction,
            List<String> routes,
            String step,
            Boolean holding,
            Map<String, String> detail,
            String reason) {
        this(direction, routes, step, holding, detail, reason, null, null);
    }
}
