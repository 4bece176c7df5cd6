package dev.strangler.playbook.sandbox;

import java.nio.file.Path;

/**
 * How a recorded part is doing: alive means its process exists and it answers (its port accepts
 * connections, and its health URL, when it has one, reports it healthy). {@code memoryBytes}: the PSS of its
 * processes ({@link ProcessMemory}), or -1 when it cannot be read.
 */
public record PartStatus(SandboxPart part, long pid, int port, String url, boolean alive, Path log, long memoryBytes) {

    public PartStatus(SandboxPart part, long pid, int port, String url, boolean alive, Path log) {
        this(part, pid, port, url, alive, log, -1);
    }
}
