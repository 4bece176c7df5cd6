package dev.strangler.gateway.path;

/**
 * A request path that upstreams would read differently from one another or from the gateway's route
 * matching; answered with 400. The message names the offending part and says why. No stack trace:
 * it is an answer to the client, not a fault of the gateway.
 */
public final class AmbiguousPathException extends RuntimeException {

    AmbiguousPathException(String detail) {
        super(detail, null, false, false);
    }
}
