package dev.strangler.playbook.check;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history as an append-only file of JSON lines: each operation once when it is invoked and once
 * when it completes, each line flushed to the operating system at once. A run killed at any moment
 * leaves a history that can still be checked: an operation invoked but never completed counts as a
 * write of unknown outcome (it may have been applied) and a read without an answer.
 */
public final class OperationLog implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final BufferedWriter out;

    public OperationLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the history " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void append(Operation op) {
        try {
            out.write(JSON.writeValueAsString(op));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the history " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a history file holds: the operations (the last line of each id wins) and how many lines could not be read. */
    public record History(List<Operation> operations, int unreadableLines) {}

    /**
     * Reads a history back. A line cut short by a kill is skipped and counted; an operation that never
     * completed comes back as a write of unknown outcome, or is dropped when it was a read.
     */
    public static History read(Path file) {
        Map<Long, Operation> byId = new LinkedHashMap<>();
        int unreadable = 0;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Operation op = JSON.readValue(line, Operation.class);
                    byId.put(op.id(), op);
                } catch (RuntimeException torn) {
                    unreadable++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history " + file, e);
        }
        List<Operation> ops = new ArrayList<>();
        for (Operation op : byId.values()) {
            if (op.outcome() != null) {
                ops.add(op);
            } else if (op.writes()) {
                ops.add(op.completed(
                        Operation.NOT_ENDED, Operation.Outcome.UNKNOWN, null, "no answer before the run ended"));
            }
        }
        return new History(List.copyOf(ops), unreadable);
    }
}
