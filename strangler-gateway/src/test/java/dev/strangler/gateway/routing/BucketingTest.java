package dev.strangler.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.assertj.core.data.Offset;

class BucketingTest {

    @Property
    void theSameKeyAlwaysLandsInTheSameBucket(
            @ForAll @StringLength(min = 1, max = 64) String key, @ForAll @StringLength(max = 16) String salt) {
        int bucket = Bucketing.bucket(salt, key);
        assertThat(bucket).isBetween(0, Bucketing.BUCKETS - 1);
        assertThat(Bucketing.bucket(salt, key)).isEqualTo(bucket);
    }

    @Property
    void raisingThePercentOnlyMovesKeysFromMonolithToService(
            @ForAll @StringLength(min = 1, max = 64) String key,
            @ForAll @IntRange(max = 10_000) int lower,
            @ForAll @IntRange(max = 10_000) int higher) {
        int from = Math.min(lower, higher);
        int to = Math.max(lower, higher);
        if (Bucketing.inCanary("catalog", key, from)) {
            assertThat(Bucketing.inCanary("catalog", key, to))
                    .as("a key in the canary at %d bp stays in at %d bp", from, to)
                    .isTrue();
        }
    }

    @Property(tries = 20)
    void theCanaryShareIsCloseToThePercent(@ForAll @IntRange(min = 100, max = 9_900) int basisPoints) {
        int in = 0;
        int keys = 20_000;
        for (int i = 0; i < keys; i++) {
            if (Bucketing.inCanary("catalog", "device-" + i, basisPoints)) {
                in++;
            }
        }
        double share = in * 10_000.0 / keys;
        assertThat(share).isCloseTo(basisPoints, Offset.offset(150.0));
    }

    @Property
    void zeroPercentTakesNobodyAndHundredTakesEverybody(@ForAll @StringLength(min = 1, max = 32) String key) {
        assertThat(Bucketing.inCanary("s", key, 0)).isFalse();
        assertThat(Bucketing.inCanary("s", key, 10_000)).isTrue();
    }
}
