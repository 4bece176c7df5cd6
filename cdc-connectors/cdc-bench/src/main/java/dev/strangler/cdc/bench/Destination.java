package dev.strangler.cdc.bench;

import java.time.Duration;
import java.time.Instant;

/** Where a pipeline's changes end up, asked after a workload whether and when they all arrived. */
interface Destination {

    /** Called before each workload: a destination that counts changes starts from zero. */
    default void begin() {}

    /**
     * Waits until the {@code expected} changes of ids {@code fromId..toId} made since {@code since} have
     * arrived, or {@code limit} has passed.
     */
    Applied await(long expected, long fromId, long toId, Instant since, Duration limit) throws Exception;
}
