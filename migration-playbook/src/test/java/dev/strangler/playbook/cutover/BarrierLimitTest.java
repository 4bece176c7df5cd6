package dev.strangler.playbook.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long the barrier inside a hold waits for its stream before the cutover is given up and undone. */
class BarrierLimitTest {

    private static final Duration HALF_THE_DEFAULT_HOLD = Duration.ofSeconds(5);

    @Test
    void aStreamThatFlowedFastIsGivenASecond() {
        assertThat(WriteCutover.barrierLimit(Duration.ofMillis(30), HALF_THE_DEFAULT_HOLD))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSlowerStreamIsGivenTenTimesWhatItsMarkerTookJustBefore() {
        assertThat(WriteCutover.barrierLimit(Duration.ofMillis(250), HALF_THE_DEFAULT_HOLD))
                .isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void neverMoreThanHalfTheHoldsLimit() {
        assertThat(WriteCutover.barrierLimit(Duration.ofSeconds(3), HALF_THE_DEFAULT_HOLD))
                .isEqualTo(HALF_THE_DEFAULT_HOLD);
        assertThat(WriteCutover.barrierLimit(Duration.ofMillis(30), Duration.ofMillis(500)))
                .as("a hold limit shorter than the floor keeps its half")
                .isEqualTo(Duration.ofMillis(500));
    }
}
