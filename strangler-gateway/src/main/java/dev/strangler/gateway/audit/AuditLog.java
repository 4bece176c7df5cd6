package dev.strangler.gateway.audit;

import dev.strangler.gateway.api.AuditEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every change of routing, from the file or the API, as one JSON line in {@code audit.log}: when,
 * who, which route, from what to what, and why. Appended and flushed before the change is acknowledged,
 * so it survives restarts.
 */
public final class AuditLog {

    private final Path file;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    public AuditLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the audit log " + file, e);
        }
    }

    public synchronized AuditEntry record(
            String who, String source, String route, String from, String to, String reason) {
        AuditEntry entry = new AuditEntry(clock.instant(), who, source, route, from, to, reason);
        try {
            Files.writeString(
                    file,
                    json.writeValueAsString(entry) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit log " + file, e);
        }
        return entry;
    }

    /** The newest {@code limit} entries, oldest first. */
    public synchronized List<AuditEntry> tail(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 (was " + limit + ")");
        }
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<AuditEntry> out = new ArrayList<>();
            for (String line : lines.subList(Math.max(0, lines.size() - limit), lines.size())) {
                if (!line.isBlank()) {
                    out.add(json.readValue(line, AuditEntry.class));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
    }
}
