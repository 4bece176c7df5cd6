package dev.strangler.cdc.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.cdc.sync.ItemsStream;
import dev.strangler.infra.process.FreePorts;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What an operator's Prometheus sees of a real stream (PostgreSQL, Kafka and Connect, the test JVM's shared ones)
 * through the exporter: a running stream, then one whose Kafka Connect cannot be reached, then its sink stopped and
 * deleted. And every CDC series the alert rules and the dashboard in {@code deploy/monitoring} read is one it
 * renders, with the labels they select, group and word their alerts on (the gateway's MonitoringRulesTest leaves
 * these to this test).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamMetricsTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Path MONITORING = Path.of("..", "..", "deploy", "monitoring");

    static ItemsStream items;
    static String source;
    static String sink;
    static String slot;

    @BeforeAll
    static void streamRunning() throws Exception {
        items = ItemsStream.running("watched", "INSERT INTO items VALUES (1, 'one')");
        source = ConnectorConfigs.sourceName(items.stream());
        sink = ConnectorConfigs.sinkName(items.stream());
        slot = ConnectorConfigs.slotName(items.stream());
    }

    @AfterAll
    static void streamRemoved() {
        if (items != null) {
            items.streams().remove(items.stream(), TIMEOUT);
        }
    }

    /** A fresh exporter's first scrape: a new look, never a cached one. */
    static String render(CdcStreams streams) {
        return new CdcMetrics(streams, List.of(items.stream())).scrape();
    }

    /** The samples of a scrape, by series with its labels as rendered. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        text.lines().filter(l -> !l.startsWith("#")).forEach(l -> {
            int space = l.lastIndexOf(' ');
            samples.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
        });
        return samples;
    }

    /** The series of the stream (named after its source database: ItemsStream's fresh one). */
    static String ofStream(String series) {
        return series + "{stream=\"" + items.stream().name() + "\"}";
    }

    static String connector(String series, String name, String role) {
        return series + "{stream=\"" + items.stream().name() + "\",connector=\"" + name + "\",role=\"" + role + "\"}";
    }

    static String ofSlot(String series) {
        return series + "{stream=\"" + items.stream().name() + "\",slot=\"" + slot + "\"}";
    }

    static final String OBSERVED = "strangler_cdc_stream_observed";
    static final String LAG = "strangler_cdc_heartbeat_lag_seconds";
    static final String AGE = "strangler_cdc_heartbeat_age_seconds";

    @Test
    @Order(1)
    void aRunningStreamShowsBothConnectorsRunningItsSlotActiveAndItsHeartbeatLag() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> samples(render(items.streams())).containsKey(ofStream(LAG)));

        Map<String, Double> m = samples(render(items.streams()));

        assertThat(m)
                .containsEntry(ofStream(OBSERVED), 1.0)
                .containsEntry(connector("strangler_cdc_connector_running", source, "source"), 1.0)
                .containsEntry(connector("strangler_cdc_connector_running", sink, "sink"), 1.0)
                .containsEntry(connector("strangler_cdc_connector_failed_tasks", source, "source"), 0.0)
                .containsEntry(connector("strangler_cdc_connector_failed_tasks", sink, "sink"), 0.0)
                .containsEntry(ofSlot("strangler_cdc_slot_exists"), 1.0)
                .containsEntry(ofSlot("strangler_cdc_slot_active"), 1.0);
        assertThat(m.get(ofSlot("strangler_cdc_slot_retained_wal_bytes")))
                .as("the WAL the slot holds back, in bytes")
                .isNotNull()
                .isGreaterThanOrEqualTo(0.0);
        assertThat(m.get(ofStream(LAG)))
                .as("the last heartbeat's lag, in seconds")
                .isBetween(0.0, 30.0);
        assertThat(m.get(ofStream(AGE)))
                .as("a heartbeat is applied every second or so")
                .isBetween(0.0, 30.0);
    }

    /** A series name of the CDC exporter and, when it has one, its selector's body. */
    static final Pattern SERIES = Pattern.compile("\\b(strangler_cdc_[a-z0-9_]+)(?:\\{([^}]*)})?");

    static final Pattern SELECTED = Pattern.compile("([a-z_]+)\\s*(?:=~|!=|!~|=)");
    static final Pattern GROUPED = Pattern.compile("\\b(?:by|on|without|ignoring)\\s*\\(([^)]*)\\)");
    static final Pattern ANNOTATED = Pattern.compile("\\$labels\\.([a-z_]+)");

    @Test
    @Order(2)
    void everyCdcSeriesTheAlertRulesAndTheDashboardReadIsRenderedWithTheLabelsTheyUse() throws Exception {
        String text = render(items.streams());

        // Each expression with the text that uses its labels: an alert's annotations, a panel's legend.
        Map<String, String> uses = new LinkedHashMap<>();
        JsonNode rules = YAMLMapper.builder()
                .build()
                .readTree(MONITORING.resolve("strangler-alerts.yml").toFile());
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                uses.put(rule.get("expr").asString(), rule.path("annotations").toString());
            }
        }
        JsonNode dashboard = JsonMapper.builder()
                .build()
                .readTree(MONITORING.resolve("grafana-strangler-gateway.json").toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                uses.put(
                        target.get("expr").asString(),
                        target.path("legendFormat").asString());
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.has("definition")) {
                uses.put(variable.get("definition").asString(), "");
            }
        }

        Set<String> checked = new TreeSet<>();
        uses.forEach((expression, usage) -> {
            List<String> names = new ArrayList<>();
            Matcher m = SERIES.matcher(expression);
            while (m.find()) {
                String name = m.group(1);
                names.add(name);
                assertThat(text)
                        .as("the exporter renders %s (read by: %s)", name, expression.trim())
                        .containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]");
                if (m.group(2) != null) {
                    Matcher label = SELECTED.matcher(m.group(2));
                    while (label.find()) {
                        assertHasLabel(text, List.of(name), label.group(1), expression);
                    }
                }
            }
            if (names.isEmpty()) {
                return;
            }
            checked.addAll(names);
            Matcher grouped = GROUPED.matcher(expression);
            while (grouped.find()) {
                for (String label : grouped.group(1).split(",")) {
                    assertHasLabel(text, names, label.trim(), expression);
                }
            }
            for (Matcher used : List.of(
                    ANNOTATED.matcher(usage), Pattern.compile("\\{\\{(\\w+)}}").matcher(usage))) {
                while (used.find()) {
                    assertHasLabel(text, names, used.group(1), expression);
                }
            }
        });
        assertThat(checked)
                .as("the rules and the dashboard read the CDC streams' signals")
                .contains(
                        "strangler_cdc_connector_running",
                        "strangler_cdc_heartbeat_lag_seconds",
                        "strangler_cdc_heartbeat_age_seconds",
                        "strangler_cdc_slot_retained_wal_bytes",
                        "strangler_cdc_slot_active",
                        "strangler_cdc_stream_observed");
    }

    /** One of the series carries the label. */
    static void assertHasLabel(String text, List<String> names, String label, String expression) {
        assertThat(names)
                .as("a series of %s carries the label %s", expression.trim(), label)
                .anySatisfy(name ->
                        assertThat(text).containsPattern("(?m)^" + Pattern.quote(name) + "\\{[^}]*\\b" + label + "="));
    }

    @Test
    @Order(3)
    void prometheusParsesWhatTheExporterRendersWithoutComplaint() throws Exception {
        String promtool = System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool");
        assertThat(new File(promtool))
                .as("%s: install the Debian package prometheus (.ci/run does), or set PROMTOOL", promtool)
                .isExecutable();
        Process p = new ProcessBuilder(promtool, "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(render(items.streams()).getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics:\n%s", out).isZero();
        assertThat(out).as("its lint's remarks").isBlank();
    }

    @Test
    @Order(4)
    void aStreamWhoseKafkaConnectCannotBeReachedIsNotObservedButItsSlotAndHeartbeatStillAre() {
        CdcStreams connectDown = new CdcStreams(new ConnectClient(URI.create("http://127.0.0.1:" + FreePorts.pick())));

        Map<String, Double> m = samples(render(connectDown));

        assertThat(m).containsEntry(ofStream(OBSERVED), 0.0).containsEntry(ofSlot("strangler_cdc_slot_active"), 1.0);
        assertThat(m).containsKey(ofStream(LAG)).containsKey(ofSlot("strangler_cdc_slot_retained_wal_bytes"));
        assertThat(m.keySet())
                .as("connectors it could not ask about are unknown, not 'not running'")
                .noneMatch(k -> k.startsWith("strangler_cdc_connector_"));
    }

    @Test
    @Order(5)
    void aStoppedSinkIsNotRunningItsHeartbeatAgesAndADeletedOneStaysNotRunning() {
        items.connect().stop(sink, TIMEOUT);

        Map<String, Double> stopped = samples(render(items.streams()));

        assertThat(stopped)
                .containsEntry(connector("strangler_cdc_connector_running", sink, "sink"), 0.0)
                .containsEntry(connector("strangler_cdc_connector_running", source, "source"), 1.0)
                .containsEntry(ofStream(OBSERVED), 1.0);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(samples(render(items.streams())).get(ofStream(AGE)))
                        .as("nothing applies the heartbeats now")
                        .isGreaterThan(3.0));

        items.connect().delete(sink);

        assertThat(samples(render(items.streams())))
                .containsEntry(connector("strangler_cdc_connector_running", sink, "sink"), 0.0)
                .containsEntry(connector("strangler_cdc_connector_failed_tasks", sink, "sink"), 0.0);
    }
}
