package dev.strangler.playbook.record;

import dev.strangler.gateway.api.RecordingStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a recording directory ({@value #FORMAT}): {@code recording.json} (when, from which gateways, how many
 * exchanges, what was redacted), {@code mappings/NNNNNN-<method>-<slug>.json} (one WireMock stub mapping per exchange,
 * so {@code wiremock --root-dir DIR} serves it) and {@code callers.json} (each caller's mapping ids in the order of its
 * requests).
 */
final class RecordingDirectory {

    static final String FORMAT = "strangler-recording/1";
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final int SLUG_LENGTH = 60;

    /** {@code recording.json}. {@code skipped}: the replicas' counts of requests not kept, by reason. */
    record Summary(
            String format,
            Instant startedAt,
            Instant endedAt,
            List<String> gateways,
            int exchanges,
            Redacted redacted,
            Map<String, Long> skipped) {}

    record Redacted(List<String> headers, List<String> jsonFields) {}

    record Callers(Map<String, List<String>> callers) {}

    private RecordingDirectory() {}

    /**
     * Refuses a directory that holds anything already: a recording is never written over another (or over anything
     * else).
     */
    static void checkEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file; give a new directory for the recording");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("--out " + dir
                        + " is not empty; give a new directory: a recording is never written over anything");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    /** Writes the recording; {@code last} holds each replica's last counts. */
    static Summary write(
            Path dir, RecordedTraffic traffic, List<URI> gateways, List<RecordingStatus> last, Instant endedAt) {
        try {
            Path mappings = Files.createDirectories(dir.resolve("mappings"));
            Map<Integer, StubMappings.Scenario> scenarios = StubMappings.scenarios(traffic.steps());
            for (RecordedTraffic.Step step : traffic.steps()) {
                Files.writeString(
                        mappings.resolve(fileName(step)),
                        StubMappings.json(step, scenarios.get(step.sequence())),
                        StandardCharsets.UTF_8);
            }
            Files.writeString(
                    dir.resolve("callers.json"),
                    JSON.writeValueAsString(new Callers(traffic.callers())),
                    StandardCharsets.UTF_8);
            Summary summary = summary(traffic, gateways, last, endedAt);
            Files.writeString(dir.resolve("recording.json"), JSON.writeValueAsString(summary), StandardCharsets.UTF_8);
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recording into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Summary summary(
            RecordedTraffic traffic, List<URI> gateways, List<RecordingStatus> last, Instant endedAt) {
        Set<String> headers = new LinkedHashSet<>();
        Set<String> fields = new LinkedHashSet<>();
        Map<String, Long> skipped = new LinkedHashMap<>();
        Instant startedAt = endedAt;
        for (RecordingStatus s : last) {
            if (s.startedAt() != null && s.startedAt().isBefore(startedAt)) {
                startedAt = s.startedAt();
            }
            headers.addAll(s.redactedHeaders() == null ? List.of() : s.redactedHeaders());
            fields.addAll(s.redactedJsonFields() == null ? List.of() : s.redactedJsonFields());
            if (s.skipped() != null) {
                s.skipped().forEach((reason, n) -> skipped.merge(reason, n, Long::sum));
            }
        }
        return new Summary(
                FORMAT,
                startedAt,
                endedAt,
                gateways.stream().map(URI::toString).toList(),
                traffic.steps().size(),
                new Redacted(List.copyOf(headers), List.copyOf(fields)),
                skipped);
    }

    /** {@code 000017-get-api-products-5.json}. */
    static String fileName(RecordedTraffic.Step step) {
        String url = step.exchange().request().url();
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        String slug =
                path.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > SLUG_LENGTH) {
            slug = slug.substring(0, SLUG_LENGTH).replaceAll("-+$", "");
        }
        return String.format(
                Locale.ROOT,
                "%06d-%s-%s.json",
                step.sequence(),
                step.exchange().request().method().toLowerCase(Locale.ROOT),
                slug.isEmpty() ? "root" : slug);
    }
}
