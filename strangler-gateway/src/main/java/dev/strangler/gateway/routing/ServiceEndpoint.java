package dev.strangler.gateway.routing;

import java.net.URI;
import java.time.Duration;

/**
 * An extracted service: its name in the route file, its base URL, and how long we wait for its response headers.
 *
 * @param dryRun     whether the service declares that it honours {@code X-Strangler-Dry-Run: true} (runs the request
 *                   without effects and answers as it would have); only then may a shadow route mirror writes to it
 * @param credential what the service receives in {@code Authorization}: the app's header as sent, or a JWT
 */
public record ServiceEndpoint(String name, URI url, Duration timeout, boolean dryRun, Credential credential) {

    /** A service that receives the app's {@code Authorization} header as sent. */
    public ServiceEndpoint(String name, URI url, Duration timeout, boolean dryRun) {
        this(name, url, timeout, dryRun, Credential.AS_SENT);
    }
}
