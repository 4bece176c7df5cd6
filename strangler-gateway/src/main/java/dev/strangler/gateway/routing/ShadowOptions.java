package dev.strangler.gateway.routing;

import dev.strangler.compare.JsonPath;
import java.time.Duration;
import java.util.List;

/**
 * How a shadow route compares the service's answer with the monolith's.
 *
 * @param ignore       JSON paths ({@code $.a.b}, {@code $.items[*].id}) left out of the body comparison
 * @param headers      response headers that must be equal (status and JSON body always are compared)
 * @param mirrorUnsafe whether POST/PUT/PATCH/DELETE are mirrored too (with a dry-run header)
 * @param learnNoise   whether the monolith is asked twice, Diffy-style, to learn which fields vary by themselves
 * @param delay        how long after the monolith has answered the copy goes to the service: a service
 *                     whose data is replicated from the monolith (CDC) sees a change some time after the
 *                     monolith does; comparing before that compares the replication lag, not the service
 */
public record ShadowOptions(
        List<JsonPath> ignore, List<String> headers, boolean mirrorUnsafe, boolean learnNoise, Duration delay) {

    /**
     * Sent with mirrored unsafe requests ({@code mirror-unsafe}): the service must not commit their
     * effects. Declared here, with the option it belongs to, for the route compiler and the mirror both.
     */
    public static final String DRY_RUN_HEADER = "X-Strangler-Dry-Run";

    public static final ShadowOptions DEFAULT =
            new ShadowOptions(List.of(), List.of("Content-Type"), false, false, Duration.ZERO);
}
