package dev.strangler.cdc.bench;

import java.time.Duration;
import java.time.Instant;

/**
 * What a destination showed after a workload: how many of the expected rows arrived, when the last
 * one did, and whether all did within the limit.
 */
record Applied(long rows, long expected, Instant last, boolean complete) {

    /** Rows per second from the first source commit to the last apply. */
    double rate(Instant firstCommit) {
        if (last == null) {
            return 0;
        }
        double seconds = Duration.between(firstCommit, last).toNanos() / 1e9;
        return seconds <= 0 ? 0 : rows / seconds;
    }
}
