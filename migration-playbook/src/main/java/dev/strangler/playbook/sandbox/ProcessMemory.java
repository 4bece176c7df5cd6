package dev.strangler.playbook.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The memory a part takes: the proportional set size (PSS) of its process and every process under it, from Linux's
 * {@code /proc/<pid>/smaps_rollup}. PSS shares each shared page among the processes that map it, so the parts add up
 * to what they take together (PostgreSQL's backends share its buffers; their RSS would count them once per backend).
 */
final class ProcessMemory {

    private ProcessMemory() {}

    /** The PSS of {@code pid} and its descendants in bytes; empty when it cannot be read (no Linux, another user's). */
    static OptionalLong of(long pid) {
        return ProcessHandle.of(pid)
                .map(root -> {
                    long total = 0;
                    for (ProcessHandle p :
                            Stream.concat(Stream.of(root), root.descendants()).toList()) {
                        OptionalLong pss = pss(Path.of("/proc", Long.toString(p.pid()), "smaps_rollup"));
                        if (pss.isEmpty() && p != root && !p.isAlive()) {
                            continue; // it ended after it was listed (a PostgreSQL backend whose client left)
                        }
                        if (pss.isEmpty()) {
                            return OptionalLong.empty();
                        }
                        total += pss.getAsLong();
                    }
                    return OptionalLong.of(total);
                })
                .orElse(OptionalLong.empty());
    }

    /** The {@code Pss:} line of an smaps_rollup file, in bytes. */
    static OptionalLong pss(Path smapsRollup) {
        try {
            for (String line : Files.readAllLines(smapsRollup, StandardCharsets.US_ASCII)) {
                if (line.startsWith("Pss:")) {
                    String kib = line.substring(4).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kib) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException unreadable) {
            return OptionalLong.empty();
        }
    }
}
