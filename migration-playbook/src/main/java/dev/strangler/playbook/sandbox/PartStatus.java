package dev.strangler.playbook.sandbox;

import java.nio.file.Path;

/**
 * How a recorded part is doing: alive means its process exists and it answers (its port accepts
 * connections, and its health URL, when it has one, reports it healthy).
 */
public record PartStatus(SandboxPart part, long pid, int port, String url, boolean alive, Path log) {}
