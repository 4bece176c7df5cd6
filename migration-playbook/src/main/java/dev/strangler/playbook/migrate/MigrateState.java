package dev.strangler.playbook.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where each feature's migration stands, in {@code state.json} of the migrate directory, written whole and
 * atomically after every change (so a killed run leaves the last step it recorded), and the timeline,
 * {@code timeline.jsonl}: one line per event, appended and flushed before the run goes on.
 */
public final class MigrateState {

    /** What a feature's migration is doing. */
    public enum Status {
        /** The step at {@code step} has not been started (its mode not yet set). */
        PENDING,
        /** The step at {@code step} is under way: its mode is set, its bake and gates are running. */
        RUNNING,
        /** Every step passed. */
        DONE,
        /** A gate failed (or had too little data for too long): the routes went back to the monolith. */
        ROLLED_BACK
    }

    /**
     * One feature.
     *
     * @param step      index of the current step (0-based; the step count when done)
     * @param startedAt when the current step's mode was set
     * @param base      per replica, the metrics (of the feature's routes) when the step began: the gates count from
     *                  there, also after a restart of {@code migrate}
     * @param lastGates the last gate results, as a person reads them
     * @param reason    why it was rolled back, or null
     */
    public record Feature(
            int step,
            Status status,
            Instant startedAt,
            Map<String, Samples> base,
            List<String> lastGates,
            String reason,
            Instant updatedAt) {

        public Feature {
            base = base == null ? Map.of() : Map.copyOf(base);
            lastGates = lastGates == null ? List.of() : List.copyOf(lastGates);
        }

        static Feature start() {
            return new Feature(0, Status.PENDING, null, Map.of(), List.of(), null, Instant.now());
        }

        Feature running(int step, Instant at, Map<String, Samples> base) {
            return new Feature(step, Status.RUNNING, at, base, List.of(), null, Instant.now());
        }

        Feature gates(List<String> results) {
            return new Feature(step, status, startedAt, base, results, reason, Instant.now());
        }

        Feature passed(int next, int steps) {
            return new Feature(
                    next, next >= steps ? Status.DONE : Status.PENDING, null, Map.of(), lastGates, null, Instant.now());
        }

        Feature rolledBack(String why) {
            return new Feature(step, Status.ROLLED_BACK, startedAt, Map.of(), lastGates, why, Instant.now());
        }
    }

    /** One line of the timeline. */
    public record Event(Instant time, String feature, String step, String event, String detail) {}

    private record File(Map<String, Feature> features) {}

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path dir;
    private final Map<String, Feature> features;

    private MigrateState(Path dir, Map<String, Feature> features) {
        this.dir = dir;
        this.features = new TreeMap<>(features);
    }

    /** The progress kept in {@code stateDir} ({@code --state-dir}), else in {@code <sandbox dir>/migrate}: the one rule. */
    public static MigrateState load(Path stateDir, Path sandboxDir) {
        return load(stateDir != null ? stateDir : sandboxDir.resolve("migrate"));
    }

    public static MigrateState load(Path dir) {
        Path file = dir.resolve("state.json");
        if (!Files.exists(file)) {
            return new MigrateState(dir, Map.of());
        }
        File read = JSON.readValue(file.toFile(), File.class);
        return new MigrateState(dir, read.features() == null ? Map.of() : read.features());
    }

    public Feature feature(String name) {
        return features.getOrDefault(name, Feature.start());
    }

    public boolean known(String name) {
        return features.containsKey(name);
    }

    /** Records {@code feature}'s state: written whole to a temporary file, then moved over the old one. */
    public void put(String name, Feature feature) {
        features.put(name, feature);
        write();
    }

    /** Forgets a feature's progress: its next run starts at its first step. */
    public void forget(String name) {
        features.remove(name);
        write();
    }

    private void write() {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("state.json.tmp");
            JSON.writeValue(tmp.toFile(), new File(features));
            Files.move(
                    tmp,
                    dir.resolve("state.json"),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the migration's state in " + dir, e);
        }
    }

    /** Appends one event to the timeline. */
    public void record(Event event) {
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve("timeline.jsonl"),
                    JsonMapper.builder().build().writeValueAsString(event) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the migration timeline in " + dir, e);
        }
    }

    public List<Event> timeline() {
        Path file = dir.resolve("timeline.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            JsonMapper json = JsonMapper.builder().build();
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .map(l -> json.readValue(l, Event.class))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
