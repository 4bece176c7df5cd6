package dev.strangler.playbook.discover.endpoints;

import java.util.List;

/**
 * What became of checking a draft route file with the gateway's own parser and compiler.
 *
 * @param errors the gateway's messages when invalid
 * @param routes how many routes the gateway compiled when valid
 * @param reason why it was not checked, when unvalidated
 */
public record RouteCheck(Status status, List<String> errors, int routes, String reason) {

    /** The outcome. */
    public enum Status {
        VALID,
        INVALID,
        /** The gateway could not be asked (its jar is not built, say): the draft is written, marked so. */
        UNVALIDATED
    }

    /** The gateway's answer to {@code --check-routes}, as it prints it. */
    public record GatewayAnswer(boolean valid, List<String> errors, int routes) {}

    static RouteCheck answered(GatewayAnswer answer) {
        return new RouteCheck(
                answer.valid() ? Status.VALID : Status.INVALID,
                answer.errors() == null ? List.of() : answer.errors(),
                answer.routes(),
                null);
    }

    static RouteCheck unvalidated(String reason) {
        return new RouteCheck(Status.UNVALIDATED, List.of(), 0, reason);
    }

    /** The draft's header line saying so. */
    public String headerLine() {
        return switch (status) {
            case VALID ->
                "# Checked by the gateway's own parser (--check-routes): valid, " + routes
                        + (routes == 1 ? " route." : " routes.");
            case INVALID ->
                "# Checked by the gateway's own parser (--check-routes): INVALID: "
                        + String.join("; ", errors).replaceAll("[\\r\\n]+", " ");
            case UNVALIDATED -> "# NOT VALIDATED: " + reason.replaceAll("[\\r\\n]+", " ");
        };
    }
}
