package dev.strangler.playbook.sandbox;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** How the sandbox commands print parts for people: one aligned line per part. */
final class SandboxReport {

    private static final String ROW = "  %-22s %-5s %-8s %-6s %-44s %s%n";

    private SandboxReport() {}

    static void header(PrintWriter out) {
        out.printf(Locale.ROOT, ROW, "PART", "STATE", "PID", "PORT", "URL", "LOG");
    }

    static void row(PrintWriter out, SandboxPart part, boolean alive, long pid, int port, String url, Path log) {
        out.printf(Locale.ROOT, ROW, part.label(), alive ? "up" : "DOWN", pid, port, url, log == null ? "" : log);
    }
}
