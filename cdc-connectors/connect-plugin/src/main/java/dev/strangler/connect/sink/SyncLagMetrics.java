package dev.strangler.connect.sink;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream's end-to-end lag as Kafka Connect metrics of the sink task (JMX group
 * {@code kafka.connect:type=plugins,connector=...,task=...}): every marker row (the source
 * connector's heartbeat writes one every second, barriers write others) carries its source commit
 * time, and the lag is the time from that commit to the commit of the batch that applied it here.
 */
final class SyncLagMetrics {

    private static final Logger log = LoggerFactory.getLogger(SyncLagMetrics.class);

    private volatile long lastLagMillis = -1;
    private volatile long lastAppliedEpochMillis = -1;

    private final PluginMetrics metrics;
    private final List<MetricName> names = new ArrayList<>();

    SyncLagMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
        if (metrics == null) {
            return;
        }
        add(
                "sync-lag-ms",
                "Milliseconds from the source commit of the last marker row (heartbeat or barrier) to its apply in "
                        + "the target; -1 before the first",
                (Gauge<Long>) (config, now) -> lastLagMillis);
        add(
                "sync-marker-age-ms",
                "Milliseconds since the last marker row was applied; grows without bound when the stream is "
                        + "stalled; -1 before the first",
                (Gauge<Long>) (config, now) -> lastAppliedEpochMillis < 0 ? -1 : now - lastAppliedEpochMillis);
    }

    /**
     * A task restarted while its predecessor has not stopped yet (it missed Connect's graceful stop,
     * as after a broker restart) finds the predecessor's metric still registered, and cannot remove
     * what it did not add: it runs without the metric rather than not at all. The lag stays visible
     * in {@code strangler cdc status}.
     */
    private void add(String name, String description, Gauge<Long> gauge) {
        MetricName metric = metrics.metricName(name, description, new LinkedHashMap<>());
        try {
            metrics.addMetric(metric, gauge);
            names.add(metric);
        } catch (IllegalArgumentException registeredAlready) {
            log.warn(
                    "metric {} is still registered by an earlier instance of this task that has not stopped; this instance "
                            + "runs without it until the next restart",
                    name);
        }
    }

    /** Unregisters the metrics (the task stops). */
    void close() {
        if (metrics != null) {
            for (MetricName name : names) {
                try {
                    metrics.removeMetric(name);
                } catch (IllegalArgumentException gone) {
                    // Connect removed it already
                }
            }
        }
    }

    void markersApplied(List<ChangeApplier.Change> applied, String markerTable, String markerStream) {
        long now = System.currentTimeMillis();
        for (int i = applied.size() - 1; i >= 0; i--) {
            ChangeApplier.Change c = applied.get(i);
            if (!c.table().equals(markerTable)
                    || c.columns().get(MarkerTable.COMMITTED_AT) == null
                    || MarkerTable.ownershipKey(markerStream).equals(c.columns().get(MarkerTable.STREAM))) {
                continue;
            }
            try {
                lastLagMillis = Math.max(
                        0,
                        now
                                - Instant.parse(c.columns().get(MarkerTable.COMMITTED_AT))
                                        .toEpochMilli());
                lastAppliedEpochMillis = now;
            } catch (DateTimeParseException e) {
                // not a time this sink can read; the marker is applied all the same
            }
            return;
        }
    }

    long lastLagMillis() {
        return lastLagMillis;
    }
}
