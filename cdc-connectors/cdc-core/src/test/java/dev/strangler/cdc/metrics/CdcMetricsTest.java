package dev.strangler.cdc.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.sync.StreamStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the exporter renders for the states a stream can be in, from hand-built looks (no servers): which series
 * there are, which are left out rather than made up, and the text format itself. {@code StreamMetricsTest} renders
 * a real stream.
 */
class CdcMetricsTest {

    static final MigrationPlan.Database DB =
            new MigrationPlan.Database("jdbc:postgresql://127.0.0.1:5432/shop", "postgres", null);
    static final MigrationPlan.Stream CATALOG = new MigrationPlan.Stream("catalog", DB, DB, List.of());
    static final MigrationPlan.Stream REVERSE =
            new MigrationPlan.Stream("catalog_reverse", DB, DB, List.of(), "catalog");

    static final StreamStatus.SlotHealth ACTIVE_SLOT = new StreamStatus.SlotHealth(true, true, 123_456_789_012L);
    static final StreamStatus.Heartbeat HEARTBEAT =
            new StreamStatus.Heartbeat(Duration.ofMillis(42), Duration.ofMillis(1_500));

    static ConnectClient.Status connector(String name, String... taskStates) {
        List<ConnectClient.Task> tasks = new ArrayList<>();
        for (int i = 0; i < taskStates.length; i++) {
            tasks.add(new ConnectClient.Task(i, taskStates[i], taskStates[i].equals("FAILED") ? "trace" : null));
        }
        return new ConnectClient.Status(name, "RUNNING", tasks, null);
    }

    static StreamStatus healthy() {
        return new StreamStatus(
                "catalog",
                true,
                List.of(
                        connector("strangler-catalog-source", "RUNNING"),
                        connector("strangler-catalog-sink", "RUNNING")),
                ACTIVE_SLOT,
                null,
                HEARTBEAT,
                List.of());
    }

    static String render(Map<MigrationPlan.Stream, StreamStatus> looks) {
        return new CdcMetrics(List.copyOf(looks.keySet()), looks::get, () -> 0L).scrape();
    }

    @Test
    void aHealthyStreamShowsBothConnectorsRunningItsSlotAndItsHeartbeat() {
        String text = render(Map.of(CATALOG, healthy()));

        assertThat(text.lines())
                .contains(
                        "strangler_cdc_stream_observed{stream=\"catalog\"} 1",
                        "strangler_cdc_connector_running{stream=\"catalog\",connector=\"strangler-catalog-source\",role=\"source\"} 1",
                        "strangler_cdc_connector_running{stream=\"catalog\",connector=\"strangler-catalog-sink\",role=\"sink\"} 1",
                        "strangler_cdc_connector_failed_tasks{stream=\"catalog\",connector=\"strangler-catalog-sink\",role=\"sink\"} 0",
                        "strangler_cdc_slot_exists{stream=\"catalog\",slot=\"strangler_catalog\"} 1",
                        "strangler_cdc_slot_active{stream=\"catalog\",slot=\"strangler_catalog\"} 1",
                        "strangler_cdc_slot_retained_wal_bytes{stream=\"catalog\",slot=\"strangler_catalog\"} 123456789012",
                        "strangler_cdc_heartbeat_lag_seconds{stream=\"catalog\"} 0.042",
                        "strangler_cdc_heartbeat_age_seconds{stream=\"catalog\"} 1.5");
    }

    @Test
    void eachSeriesHasItsHelpAndTypeOnceRightBeforeItsSamples() {
        MigrationPlan.Stream orders = new MigrationPlan.Stream("orders", DB, DB, List.of());
        String text = render(Map.of(CATALOG, healthy(), orders, healthy()));

        for (CdcSeries series : CdcSeries.values()) {
            String name = series.seriesName();
            List<String> lines = text.lines().toList();
            int help = lines.indexOf(lines.stream()
                    .filter(l -> l.startsWith("# HELP " + name + " "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no HELP for " + name + " in\n" + text)));
            assertThat(lines.stream().filter(l -> l.startsWith("# HELP " + name + " ")))
                    .hasSize(1);
            assertThat(lines.get(help + 1)).isEqualTo("# TYPE " + name + " gauge");
            List<Integer> samples = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(name + "{")) {
                    samples.add(i);
                }
            }
            assertThat(samples)
                    .as("%s: both streams' samples, together, after its TYPE", name)
                    .hasSize(name.contains("connector") ? 4 : 2);
            assertThat(samples.get(samples.size() - 1) - samples.get(0)).isEqualTo(samples.size() - 1);
            assertThat(samples.get(0)).isEqualTo(help + 2);
        }
        assertThat(text).endsWith("\n");
    }

    @Test
    void aStreamWithoutAHeartbeatYetHasNoHeartbeatSeriesRatherThanAZero() {
        StreamStatus h = healthy();
        StreamStatus noHeartbeat = new StreamStatus(
                "catalog",
                true,
                h.connectors(),
                h.slot(),
                null,
                null,
                List.of("no heartbeat has reached the target yet"));

        String text = render(Map.of(CATALOG, noHeartbeat));

        assertThat(text)
                .doesNotContain("strangler_cdc_heartbeat_")
                .contains("strangler_cdc_stream_observed{stream=\"catalog\"} 1");
    }

    @Test
    void aStreamKafkaConnectCannotBeReadForIsNotObservedAndStillShowsItsSlotAndHeartbeat() {
        StreamStatus noConnect = new StreamStatus(
                "catalog",
                true,
                List.of(),
                ACTIVE_SLOT,
                null,
                HEARTBEAT,
                List.of("cannot read Kafka Connect: connection refused"),
                Map.of(StreamStatus.Part.CONNECT, "connection refused"));

        String text = render(Map.of(CATALOG, noConnect));

        assertThat(text)
                .as("its connectors are unknown, not 'not running'")
                .doesNotContain("strangler_cdc_connector_")
                .contains("strangler_cdc_stream_observed{stream=\"catalog\"} 0")
                .contains(
                        "strangler_cdc_slot_retained_wal_bytes{stream=\"catalog\",slot=\"strangler_catalog\"} 123456789012")
                .contains("strangler_cdc_heartbeat_age_seconds{stream=\"catalog\"} 1.5");
    }

    @Test
    void aFailedSinkTaskIsCountedAndAMissingSourceIsNotRunning() {
        StreamStatus failing = new StreamStatus(
                "catalog",
                true,
                List.of(connector("strangler-catalog-sink", "RUNNING", "FAILED")),
                ACTIVE_SLOT,
                null,
                HEARTBEAT,
                List.of("..."));

        String text = render(Map.of(CATALOG, failing));

        assertThat(text.lines())
                .contains(
                        "strangler_cdc_connector_running{stream=\"catalog\",connector=\"strangler-catalog-sink\",role=\"sink\"} 0",
                        "strangler_cdc_connector_failed_tasks{stream=\"catalog\",connector=\"strangler-catalog-sink\",role=\"sink\"} 1",
                        "strangler_cdc_connector_running{stream=\"catalog\",connector=\"strangler-catalog-source\",role=\"source\"} 0",
                        "strangler_cdc_connector_failed_tasks{stream=\"catalog\",connector=\"strangler-catalog-source\",role=\"source\"} 0");
    }

    @Test
    void aReverseStreamNotAppliedYetHasNoConnectorToAlertOnAndNoSlot() {
        StreamStatus notApplied = new StreamStatus(
                "catalog_reverse",
                false,
                List.of(),
                new StreamStatus.SlotHealth(false, false, 0),
                null,
                null,
                List.of());

        String text = render(Map.of(REVERSE, notApplied));

        assertThat(text)
                .doesNotContain("strangler_cdc_connector_")
                .doesNotContain("strangler_cdc_slot_active")
                .doesNotContain("strangler_cdc_slot_retained_wal_bytes")
                .contains("strangler_cdc_slot_exists{stream=\"catalog_reverse\",slot=\"strangler_catalog_reverse\"} 0");
    }

    @Test
    void aStreamWhoseLookFailsAltogetherIsNotObservedAndTheOthersAreStillServed() {
        MigrationPlan.Stream orders = new MigrationPlan.Stream("orders", DB, DB, List.of());
        Function<MigrationPlan.Stream, StreamStatus> look = s -> {
            if (s == orders) {
                throw new IllegalStateException("boom");
            }
            return healthy();
        };

        String text = new CdcMetrics(List.of(CATALOG, orders), look, () -> 0L).scrape();

        assertThat(text.lines())
                .contains(
                        "strangler_cdc_stream_observed{stream=\"catalog\"} 1",
                        "strangler_cdc_stream_observed{stream=\"orders\"} 0")
                .noneMatch(l -> l.startsWith("strangler_cdc_slot_exists{stream=\"orders\""));
    }

    @Test
    void scrapesWithinTwoSecondsGetTheLastLookAndLaterOnesANewOne() {
        AtomicInteger looks = new AtomicInteger();
        AtomicLong now = new AtomicLong(1_000_000_000L);
        CdcMetrics metrics = new CdcMetrics(
                List.of(CATALOG),
                s -> {
                    looks.incrementAndGet();
                    return healthy();
                },
                now::get);

        metrics.scrape();
        now.addAndGet(Duration.ofMillis(1_999).toNanos());
        metrics.scrape();
        assertThat(looks).as("the databases were asked once").hasValue(1);

        now.addAndGet(Duration.ofMillis(1).toNanos());
        metrics.scrape();
        assertThat(looks).hasValue(2);
    }

    @Test
    void labelValuesAndHelpAreEscapedAsTheFormatSays() {
        PrometheusText.Family family = new PrometheusText.Family(
                "x_total", "counter", "a \\ backslash,\na new line and a \"quote\"", List.of("name"));
        PrometheusText text = new PrometheusText(List.of(family));
        text.sample(family, 3, "a \"quoted\" \\ name\non two lines");

        assertThat(text.render())
                .isEqualTo("# HELP x_total a \\\\ backslash,\\na new line and a \"quote\"\n"
                        + "# TYPE x_total counter\n"
                        + "x_total{name=\"a \\\"quoted\\\" \\\\ name\\non two lines\"} 3\n");
    }

    @Test
    void numbersAreWholeWithoutAFractionAndExactForLargeByteCounts() {
        assertThat(PrometheusText.format(0)).isEqualTo("0");
        assertThat(PrometheusText.format(1L << 40)).isEqualTo("1099511627776");
        assertThat(PrometheusText.format(0.042)).isEqualTo("0.042");
        assertThat(PrometheusText.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.format(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void aFamilyWithoutSamplesIsLeftOut() {
        PrometheusText.Family empty = new PrometheusText.Family("nothing", "gauge", "none", List.of());

        assertThat(new PrometheusText(List.of(empty)).render()).isEmpty();
    }
}
