package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxStatusTest {

    private static PartStatus part(SandboxPart part, boolean alive) {
        return new PartStatus(part, 1, part.defaultPort(), "http://x", alive, null);
    }

    private static SandboxStatus status(boolean complete, PartStatus... parts) {
        return new SandboxStatus(Path.of("/s"), Instant.EPOCH, complete, List.of(parts));
    }

    @Test
    void everyPartAliveAfterACompleteStartIsRunning() {
        assertThat(status(true, part(SandboxPart.POSTGRES, true), part(SandboxPart.MONOLITH, true))
                        .overall())
                .isEqualTo(SandboxStatus.Overall.RUNNING);
    }

    @Test
    void oneDeadPartOrAnUnfinishedStartIsPartial() {
        assertThat(status(true, part(SandboxPart.POSTGRES, true), part(SandboxPart.MONOLITH, false))
                        .overall())
                .isEqualTo(SandboxStatus.Overall.PARTIAL);
        assertThat(status(false, part(SandboxPart.POSTGRES, true)).overall()).isEqualTo(SandboxStatus.Overall.PARTIAL);
    }

    @Test
    void nothingAliveOrNothingRecordedIsStopped() {
        assertThat(status(true, part(SandboxPart.POSTGRES, false)).overall()).isEqualTo(SandboxStatus.Overall.STOPPED);
        SandboxStatus none = SandboxStatus.nothingRecorded(Path.of("/s"));
        assertThat(none.overall()).isEqualTo(SandboxStatus.Overall.STOPPED);
        assertThat(none.recorded()).isFalse();
    }

    @Test
    void theJsonFormSaysTheOverallState() {
        String json = SandboxJson.mapper().writeValueAsString(status(true, part(SandboxPart.MONOLITH, true)));

        assertThat(json)
                .contains(
                        "\"state\" : \"RUNNING\"",
                        "\"recorded\" : true",
                        "\"part\" : \"monolith\"",
                        "\"alive\" : true");
    }
}
