package dev.strangler.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LearnedNoiseTest {

    private Instant now = Instant.parse("2026-12-05T06:00:00Z");
    private final LearnedNoise noise = new LearnedNoise(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void aPathThatVariedOnceIsNotIgnoredSinceAWriteBetweenTheTwoAnswersLooksTheSame() {
        noise.saw("catalog", Set.of("$.price"));
        noise.saw("catalog", Set.of("$.price"));

        assertThat(noise.ignored("catalog")).isEmpty();
        assertThat(noise.paths("catalog")).singleElement().satisfies(p -> {
            assertThat(p.timesSeen()).isEqualTo(2);
            assertThat(p.ignored()).isFalse();
        });
    }

    @Test
    void aPathThatVariesAgainAndAgainIsIgnoredOnThatRouteOnly() {
        for (int i = 0; i < LearnedNoise.CONFIRMATIONS; i++) {
            noise.saw("catalog", Set.of("$.generatedAt"));
        }

        assertThat(noise.ignored("catalog")).containsExactly("$.generatedAt");
        assertThat(noise.ignored("orders")).isEmpty();
    }

    @Test
    void aLearnedPathIsForgottenOnceItHasNotVariedForAWhile() {
        for (int i = 0; i < LearnedNoise.CONFIRMATIONS; i++) {
            noise.saw("catalog", Set.of("$.generatedAt"));
        }
        now = now.plus(LearnedNoise.FORGET_AFTER).plus(Duration.ofSeconds(1));

        assertThat(noise.ignored("catalog")).isEmpty();
        assertThat(noise.paths("catalog")).isEmpty();
    }

    @Test
    void aRouteKeepsABoundedNumberOfPathsTheMostRecentlySeen() {
        for (int i = 0; i < LearnedNoise.MAX_PATHS + 50; i++) {
            now = now.plusMillis(1);
            noise.saw("catalog", Set.of("$.f" + i));
        }

        assertThat(noise.paths("catalog"))
                .hasSize(LearnedNoise.MAX_PATHS)
                .noneMatch(p -> p.path().equals("$.f0"))
                .anyMatch(p -> p.path().equals("$.f" + (LearnedNoise.MAX_PATHS + 49)));
    }
}
