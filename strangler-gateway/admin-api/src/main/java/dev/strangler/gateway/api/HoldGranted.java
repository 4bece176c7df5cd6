package dev.strangler.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A granted hold: how long it took from the request ({@code drainMillis}), of which {@code quietWaitMillis}
 * waiting for a quiet moment with the gate still open, and how many requests were in flight when it closed;
 * {@code closedMillis}: how long the gate (of the replica that answers) had been closed when the hold was granted,
 * which the held writes waited already (the drain, and the other replicas' drains), null from a gateway that does not
 * say; {@code recorded}: the cutover step recorded on the grant, when the request asked for one ({@link
 * HoldRequest#recordOnGrant}), else null.
 */
public record HoldGranted(
        String routeId,
        long drainMillis,
        int inFlightAtStart,
        long limitMillis,
        long quietWaitMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long closedMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) CutoverRecord recorded) {

    public HoldGranted(
            String routeId,
            long drainMillis,
            int inFlightAtStart,
            long limitMillis,
            long quietWaitMillis,
            Long closedMillis) {
        this(routeId, drainMillis, inFlightAtStart, limitMillis, quietWaitMillis, closedMillis, null);
    }

    /** The same grant, with the step recorded on it. */
    public HoldGranted withRecorded(CutoverRecord record) {
        return new HoldGranted(
                routeId, drainMillis, inFlightAtStart, limitMillis, quietWaitMillis, closedMillis, record);
    }
}
