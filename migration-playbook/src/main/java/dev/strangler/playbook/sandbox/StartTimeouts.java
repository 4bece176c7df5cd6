package dev.strangler.playbook.sandbox;

import java.time.Duration;

/**
 * How long {@code up} waits for each kind of part to become healthy before it gives up and stops
 * everything. Upper bounds only: a part that exits is reported at once. The Spring Boot parts start in
 * 15-20 s on an idle 2-core machine and took 66 s with the machine's load at 10, so they get 180 s.
 *
 * @param provider      a provider stand-in (WireMock)
 * @param springBootPart a Spring Boot part: the monolith, the catalog service, the gateway
 */
record StartTimeouts(Duration provider, Duration springBootPart) {

    /** Kafka Connect: twice a Spring Boot part's. */
    Duration connect() {
        return springBootPart.multipliedBy(2);
    }

    static final StartTimeouts DEFAULT = new StartTimeouts(Duration.ofSeconds(45), Duration.ofSeconds(180));
}
