package dev.strangler.gateway.shadow;

import java.time.Duration;

/**
 * The limits the shadow works within, as a value: how it is configured (and sized for the heap) is
 * the configuration's business.
 *
 * @param maxConcurrent shadow copies in flight at once; more are dropped and counted
 * @param maxBodyBytes  larger bodies are not compared (counted as skipped)
 * @param timeout       how long one side may take to answer a shadow copy
 */
public record ShadowLimits(int maxConcurrent, int maxBodyBytes, Duration timeout) {

    public ShadowLimits {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException(
                    "shadow copies in flight must be at least 1 (was " + maxConcurrent + ")");
        }
    }
}
