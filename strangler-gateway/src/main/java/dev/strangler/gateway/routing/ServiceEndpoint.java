package dev.strangler.gateway.routing;

import java.net.URI;
import java.time.Duration;

/**
 * An extracted service: its name in the route file, its base URL, and how long we wait for its response headers.
 *
 * @param dryRun     whether the service declares that it honours {@code X-Strangler-Dry-Run: true} (runs the request
 *                   without effects and answers as it would have); only then may a shadow route mirror writes to it
 * @param credential what the service receives in {@code Authorization}: the app's header as sent, or a JWT
 * @param stripPrefix removed from the request's path before the service's URL path is put in front of it (the
 *                   monolith's context path, say {@code /app}, that the service does not have); empty for none
 */
public record ServiceEndpoint(
        String name, URI url, Duration timeout, boolean dryRun, Credential credential, String stripPrefix) {

    public ServiceEndpoint {
        stripPrefix = stripPrefix == null ? "" : stripPrefix;
    }

    /** A service that takes the request's path as it is. */
    public ServiceEndpoint(String name, URI url, Duration timeout, boolean dryRun, Credential credential) {
        this(name, url, timeout, dryRun, credential, "");
    }

    /** A service that receives the app's {@code Authorization} header as sent. */
    public ServiceEndpoint(String name, URI url, Duration timeout, boolean dryRun) {
        this(name, url, timeout, dryRun, Credential.AS_SENT);
    }

    /** Where {@code incoming} goes on this service ({@link UpstreamUri}). */
    public URI upstream(URI incoming, PathCase pathCase) {
        return UpstreamUri.of(incoming, url, stripPrefix, pathCase == PathCase.INSENSITIVE);
    }
}
