package dev.strangler.gateway.api;

import java.time.Instant;

/**
 * One CDC stream of a feature's migration as its driver last saw it ({@link MigrationProgress#streams()}): the
 * gateway stores and shows it, it does not read the stream itself.
 *
 * @param stream           the stream's name in the migration plan
 * @param state            its state as the driver names it (e.g. {@code running}, {@code failed})
 * @param lagMillis        how far the stream's consumer was behind its source, in milliseconds; null when unknown
 * @param walRetainedBytes the WAL its replication slot keeps on the source, in bytes; null when unknown
 * @param checkedAt        when the driver looked; null when it has not
 */
public record StreamLag(String stream, String state, Long lagMillis, Long walRetainedBytes, Instant checkedAt) {}
