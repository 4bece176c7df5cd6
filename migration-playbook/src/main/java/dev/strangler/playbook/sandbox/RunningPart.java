package dev.strangler.playbook.sandbox;

import java.nio.file.Path;

/**
 * One part started by {@code sandbox up}: its process id, the port it listens on, the URL a client
 * uses to reach it (a JDBC URL for PostgreSQL), the URL that tells whether it is healthy (null for
 * PostgreSQL, which is checked through its port) and its log file.
 */
public record RunningPart(SandboxPart part, long pid, int port, String url, String healthUrl, Path log) {

    String label() {
        return part.label();
    }
}
