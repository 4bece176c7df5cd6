package dev.strangler.cdc.metrics;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.cdc.sync.StreamStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plan's streams as Prometheus metrics ({@link CdcSeries}), for an exporter next to Kafka Connect. Each look
 * is {@link CdcStreams#observe}: it reads Kafka Connect's status API, the source's replication slot and the
 * target's heartbeat marker, and writes nothing, so a Prometheus may scrape it every few seconds. Scrapes closer
 * together than {@link #MIN_INTERVAL} get the last look again: the databases are asked at most that often,
 * however many Prometheus servers scrape. A stream, or a part of one, that cannot be read (a database or Connect
 * down) still renders what could be read, with {@code strangler_cdc_stream_observed} 0.
 */
public final class CdcMetrics {

    private static final Logger log = LoggerFactory.getLogger(CdcMetrics.class);

    /** The exposition format's content type, for the HTTP answer. */
    public static final String CONTENT_TYPE = PrometheusText.CONTENT_TYPE;

    /** Scrapes closer together than this get the last look again. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(2);

    /** A stream's two connectors, and their {@code role} label. */
    private enum Role {
        SOURCE("source") {
            @Override
            String connector(MigrationPlan.Stream stream) {
                return ConnectorConfigs.sourceName(stream);
            }
        },
        SINK("sink") {
            @Override
            String connector(MigrationPlan.Stream stream) {
                return ConnectorConfigs.sinkName(stream);
            }
        };

        final String label;

        Role(String label) {
            this.label = label;
        }

        abstract String connector(MigrationPlan.Stream stream);
    }

    private final List<MigrationPlan.Stream> streams;
    private final Function<MigrationPlan.Stream, StreamStatus> observe;
    private final LongSupplier nanoTicker;

    private String last;
    private long lastAt;
    /** What each stream's last look could not read, so that the log says when that changes, not at every look. */
    private final Map<String, String> lastTrouble = new HashMap<>();

    /** The streams, each looked at through {@code cdc}. */
    public CdcMetrics(CdcStreams cdc, List<MigrationPlan.Stream> streams) {
        this(streams, cdc::observe, System::nanoTime);
    }

    /**
     * @param observe    a look at one stream that writes nothing
     * @param nanoTicker a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     */
    public CdcMetrics(
            List<MigrationPlan.Stream> streams,
            Function<MigrationPlan.Stream, StreamStatus> observe,
            LongSupplier nanoTicker) {
        this.streams = List.copyOf(streams);
        this.observe = observe;
        this.nanoTicker = nanoTicker;
    }

    /** The metrics in the text exposition format: the last look's when it is recent, a new look's otherwise. */
    public synchronized String scrape() {
        if (last == null || nanoTicker.getAsLong() - lastAt >= MIN_INTERVAL.toNanos()) {
            last = look();
            // From the end of the look: a slow look is not followed at once by the next.
            lastAt = nanoTicker.getAsLong();
        }
        return last;
    }

    private String look() {
        PrometheusText text = new PrometheusText(
                Arrays.stream(CdcSeries.values()).map(CdcSeries::family).toList());
        for (MigrationPlan.Stream stream : streams) {
            StreamStatus status;
            try {
                status = observe.apply(stream);
            } catch (RuntimeException e) {
                // observe() notes what it cannot read; this is for anything else, so one stream cannot fail a scrape.
                logTrouble(stream, "cannot look at it: " + e);
                text.sample(CdcSeries.STREAM_OBSERVED.family(), 0, stream.name());
                continue;
            }
            logTrouble(stream, status.unreadable().isEmpty() ? null : trouble(status));
            render(stream, status, text);
        }
        return text.render();
    }

    private static String trouble(StreamStatus status) {
        return status.unreadable().entrySet().stream()
                .map(e -> "cannot read " + e.getKey().description() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private void logTrouble(MigrationPlan.Stream stream, String trouble) {
        String before = trouble == null ? lastTrouble.remove(stream.name()) : lastTrouble.put(stream.name(), trouble);
        if (trouble != null && !trouble.equals(before)) {
            log.warn("stream {}: {}", stream.name(), trouble);
        } else if (trouble == null && before != null) {
            log.info("stream {}: read in full again", stream.name());
        }
    }

    private static void render(MigrationPlan.Stream stream, StreamStatus status, PrometheusText text) {
        String name = stream.name();
        text.sample(CdcSeries.STREAM_OBSERVED.family(), status.unreadable().isEmpty() ? 1 : 0, name);
        // A reverse stream not applied yet has no connectors to miss; one Connect could not tell about is unknown.
        if (status.applied() && !status.unreadable().containsKey(StreamStatus.Part.CONNECT)) {
            for (Role role : Role.values()) {
                String connector = role.connector(stream);
                ConnectClient.Status c = status.connectors().stream()
                        .filter(s -> s.name().equals(connector))
                        .findFirst()
                        .orElse(null);
                long failed = c == null
                        ? 0
                        : c.tasks().stream()
                                .filter(t -> "FAILED".equals(t.state()))
                                .count();
                text.sample(
                        CdcSeries.CONNECTOR_RUNNING.family(),
                        c != null && c.running() ? 1 : 0,
                        name,
                        connector,
                        role.label);
                text.sample(CdcSeries.CONNECTOR_FAILED_TASKS.family(), failed, name, connector, role.label);
            }
        }
        StreamStatus.SlotHealth slot = status.slot();
        if (slot != null) {
            String slotName = ConnectorConfigs.slotName(stream);
            text.sample(CdcSeries.SLOT_EXISTS.family(), slot.exists() ? 1 : 0, name, slotName);
            if (slot.exists()) {
                text.sample(CdcSeries.SLOT_ACTIVE.family(), slot.active() ? 1 : 0, name, slotName);
                text.sample(CdcSeries.SLOT_RETAINED_WAL_BYTES.family(), slot.retainedWalBytes(), name, slotName);
            }
        }
        StreamStatus.Heartbeat heartbeat = status.heartbeat();
        if (heartbeat != null) {
            text.sample(CdcSeries.HEARTBEAT_LAG_SECONDS.family(), seconds(heartbeat.lag()), name);
            text.sample(CdcSeries.HEARTBEAT_AGE_SECONDS.family(), seconds(heartbeat.age()), name);
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
