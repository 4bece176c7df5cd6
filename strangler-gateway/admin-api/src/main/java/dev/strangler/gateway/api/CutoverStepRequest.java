package dev.strangler.gateway.api;

import java.util.List;
import java.util.Map;

/** {@code PUT /admin/cutovers/{name}}: the step a write cutover's driver is about to take (see {@link CutoverRecord}). */
public record CutoverStepRequest(
        String direction,
        List<String> routes,
        String step,
        Boolean holding,
        Map<String, String> detail,
        String reason) {}
