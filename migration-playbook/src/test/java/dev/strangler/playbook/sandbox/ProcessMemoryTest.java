package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {

    @Test
    void thisJvmsMemoryIsReadAndIsAtLeastItsUsedHeap() {
        long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(ProcessMemory.of(ProcessHandle.current().pid())).isPresent();
        assertThat(ProcessMemory.of(ProcessHandle.current().pid()).getAsLong()).isGreaterThan(used / 2);
    }

    @Test
    void theProportionalSetSizeLineIsReadInKibibytesAndAnUnreadableFileIsUnknown(@TempDir Path dir) throws IOException {
        Path rollup = dir.resolve("smaps_rollup");
        Files.writeString(rollup, "00400000-7ffd [rollup]\nRss:              20000 kB\nPss:              12345 kB\n");
        assertThat(ProcessMemory.pss(rollup)).hasValue(12345L * 1024);
        assertThat(ProcessMemory.pss(dir.resolve("missing"))).isEmpty();
        assertThat(ProcessMemory.of(Long.MAX_VALUE)).as("no such process").isEmpty();
    }
}
