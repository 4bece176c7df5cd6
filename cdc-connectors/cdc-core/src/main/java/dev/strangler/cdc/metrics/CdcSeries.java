package dev.strangler.cdc.metrics;

import java.util.List;

/**
 * The series the CDC exporter serves, each declared once: its name, help and labels. All are gauges read at
 * the exporter's last look; the alert rules and the dashboard in {@code deploy/monitoring} read them by these
 * names.
 */
public enum CdcSeries {
    STREAM_OBSERVED(
            "strangler_cdc_stream_observed",
            "1 when the last look read all of the stream (Kafka Connect, its source and target databases), 0 when a "
                    + "part could not be read: its series are then missing, and the exporter's log says why.",
            "stream"),
    CONNECTOR_RUNNING(
            "strangler_cdc_connector_running",
            "1 when the connector and all its tasks are RUNNING; 0 when it is paused, stopped, failed, has no task, "
                    + "or is not deployed.",
            "stream",
            "connector",
            "role"),
    CONNECTOR_FAILED_TASKS(
            "strangler_cdc_connector_failed_tasks",
            "Tasks of the connector in state FAILED (`strangler cdc status` shows why).",
            "stream",
            "connector",
            "role"),
    SLOT_EXISTS(
            "strangler_cdc_slot_exists",
            "1 when the stream's replication slot exists in its source database.",
            "stream",
            "slot"),
    SLOT_ACTIVE(
            "strangler_cdc_slot_active",
            "1 when a connection reads the replication slot (the source connector streams from it).",
            "stream",
            "slot"),
    SLOT_RETAINED_WAL_BYTES(
            "strangler_cdc_slot_retained_wal_bytes",
            "WAL the replication slot holds back in the source database: from the position the stream confirmed "
                    + "to the database's current one.",
            "stream",
            "slot"),
    HEARTBEAT_LAG_SECONDS(
            "strangler_cdc_heartbeat_lag_seconds",
            "Source commit to target apply of the last heartbeat marker the sink applied (the source connector "
                    + "sends one a second).",
            "stream"),
    HEARTBEAT_AGE_SECONDS(
            "strangler_cdc_heartbeat_age_seconds",
            "Time since the sink applied the last heartbeat marker; it grows while the stream is stalled.",
            "stream");

    private final PrometheusText.Family family;

    CdcSeries(String name, String help, String... labels) {
        this.family = new PrometheusText.Family(name, "gauge", help, List.of(labels));
    }

    /** The series name, {@code strangler_cdc_...}. */
    public String seriesName() {
        return family.name();
    }

    /** Its label names, in the order it renders them. */
    public List<String> labels() {
        return family.labels();
    }

    PrometheusText.Family family() {
        return family;
    }
}
