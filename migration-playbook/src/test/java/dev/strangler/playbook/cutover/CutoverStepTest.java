package dev.strangler.playbook.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the gateway's record says where a cutover's driver stops, step by step. */
class CutoverStepTest {

    @Test
    void aMarkerStepIsCoveredByTheRecordOfTheStepBeforeIt() {
        assertThat(CutoverStep.ACTIVATING_REVERSE.recordedAs()).isEqualTo(CutoverStep.HANDING_OVER);
        assertThat(CutoverStep.FORWARD_RETAKING.recordedAs()).isEqualTo(CutoverStep.HANDING_BACK);
        assertThat(CutoverStep.ACTIVATING_REVERSE.recordAt(false)).isEqualTo(CutoverStep.HANDING_OVER);
        assertThat(CutoverStep.ACTIVATING_REVERSE.recordAt(true)).isEqualTo(CutoverStep.HANDING_OVER);
    }

    @Test
    void theFlipIsRecordedByItsCallWhichRecordsAndTakesTheReleaseToo() {
        assertThat(CutoverStep.FLIPPING.recordAt(false)).isEqualTo(CutoverStep.HANDING_OVER);
        assertThat(CutoverStep.FLIPPING.recordAt(true)).isEqualTo(CutoverStep.RELEASING);
        assertThat(CutoverStep.RELEASING.recordAt(false)).isEqualTo(CutoverStep.RELEASING);
        assertThat(CutoverStep.ROLLBACK_FLIPPING.recordAt(false)).isEqualTo(CutoverStep.HANDING_BACK);
        assertThat(CutoverStep.ROLLBACK_FLIPPING.recordAt(true)).isEqualTo(CutoverStep.ROLLBACK_RELEASING);
    }

    @Test
    void theHandOverIsRecordedByTheHoldsCallOnceGrantedAndNotBefore() {
        assertThat(CutoverStep.HOLDING.recordAt(false)).isEqualTo(CutoverStep.HOLDING);
        assertThat(CutoverStep.HOLDING.recordAt(true)).isEqualTo(CutoverStep.HANDING_OVER);
        assertThat(CutoverStep.HANDING_OVER.recordAt(false)).isEqualTo(CutoverStep.HANDING_OVER);
        assertThat(CutoverStep.ROLLBACK_HOLDING.recordAt(true)).isEqualTo(CutoverStep.HANDING_BACK);
        assertThat(CutoverStep.HOLDING.takesTheNextStep())
                .as("recorded, not taken")
                .isFalse();
        for (CutoverStep step : CutoverStep.values()) {
            if (step.recording() == CutoverStep.Recording.ON_GRANT) {
                assertThat(step.direction().steps().get(step.direction().steps().indexOf(step) - 1))
                        .as("a step recorded on a grant comes right after a hold")
                        .isIn(CutoverStep.HOLDING, CutoverStep.ROLLBACK_HOLDING);
            }
        }
    }

    @Test
    void theRollbackTakesTheForwardStreamsColumnsBackBeforeItFlips() {
        assertThat(CutoverStep.Direction.ROLLBACK.steps())
                .containsSubsequence(
                        CutoverStep.HANDING_BACK, CutoverStep.FORWARD_RETAKING, CutoverStep.ROLLBACK_FLIPPING);
    }

    @Test
    void stepsRecordedOnTheirOwnAreRecordedBeforeTheyAreTaken() {
        for (CutoverStep step : CutoverStep.values()) {
            if (step.recording() == CutoverStep.Recording.BEFORE
                    || step.recording() == CutoverStep.Recording.ON_GRANT) {
                assertThat(step.recordAt(false)).as(step.name()).isEqualTo(step);
                assertThat(step.recordedAs()).as(step.name()).isEqualTo(step);
            }
        }
    }
}
