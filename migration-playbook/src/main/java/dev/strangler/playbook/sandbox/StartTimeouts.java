package dev.strangler.playbook.sandbox;

import java.time.Duration;

/** How long {@code up} waits for each kind of part to become healthy before it gives up and stops everything. */
record StartTimeouts(Duration provider, Duration monolith) {

    static final StartTimeouts DEFAULT = new StartTimeouts(Duration.ofSeconds(45), Duration.ofSeconds(90));
}
