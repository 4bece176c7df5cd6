package dev.strangler.gateway.routing;

import java.net.URI;
import java.time.Duration;

/** An extracted service: its name in the route file, its base URL, and how long we wait for its response headers. */
public record ServiceEndpoint(String name, URI url, Duration timeout) {
}
