package dev.strangler.gateway.table;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The route file exactly as written: what {@link RouteFileParser} reads before
 * {@link RouteTableCompiler} validates it. Field names are the YAML keys (kebab-case).
 */
public record RouteFile(
        String monolith,
        Map<String, Service> services,
        List<Route> routes,
        @JsonProperty("read-your-writes") ReadYourWritesSpec readYourWrites,
        @JsonProperty("case-insensitive-paths") Boolean caseInsensitivePaths) {

    /**
     * Pin a caller to the side that served its last write, for a while. {@code writesOf}: the routes whose
     * writes pin (absent: every route's); {@code monolithWrites}: whether any other write the monolith
     * serves pins too, unmatched ones included (absent: yes). {@code recheckUnauthorized}: how often a request the
     * monolith answers 401 for a caller pinned to a service is sent again while the pin lasts (absent: 250ms; 0s:
     * never).
     */
    public record ReadYourWritesSpec(
            String window,
            List<String> key,
            @JsonProperty("writes-of") List<String> writesOf,
            @JsonProperty("monolith-writes") Boolean monolithWrites,
            @JsonProperty("recheck-unauthorized") String recheckUnauthorized) {}

    /**
     * An extracted service the routes can send traffic to. {@code dryRun}: the service declares that it
     * honours {@code X-Strangler-Dry-Run: true} (absent: it does not), which a route needs to mirror writes to it.
     * {@code credential}: what it receives in {@code Authorization}, {@code as-sent} (absent) or {@code jwt}.
     * {@code stripPrefix}: a path removed from the front of the request's path before the URL's own path is put
     * there (the monolith's context path, when the service has none).
     */
    public record Service(
            String url,
            String timeout,
            @JsonProperty("dry-run") Boolean dryRun,
            String credential,
            @JsonProperty("strip-prefix") String stripPrefix) {}

    /** One route: which requests it takes, where they go in which mode. */
    public record Route(
            String id,
            List<String> methods,
            List<String> paths,
            String service,
            String mode,
            Double percent,
            @JsonProperty("stick-by") List<String> stickBy,
            List<Rule> targeting,
            String fallback,
            Shadow shadow) {}

    /** Forces matching requests to one side, before any bucketing: a header value, or a list of stick-by keys. */
    public record Rule(String header, List<String> values, List<String> keys, String target) {}

    /** How shadow responses are compared. */
    public record Shadow(
            List<String> ignore,
            List<String> headers,
            @JsonProperty("mirror-unsafe") Boolean mirrorUnsafe,
            @JsonProperty("learn-noise") Boolean learnNoise,
            String delay) {}
}
