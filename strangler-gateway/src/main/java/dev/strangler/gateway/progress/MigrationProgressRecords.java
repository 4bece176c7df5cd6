package dev.strangler.gateway.progress;

import dev.strangler.gateway.api.MigrationProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where each feature's migration stands, as {@code strangler migrate} last reported it: kept in {@code
 * migrations.json} (replaced atomically), or in the state the replicas share, as the cutover records are, so that
 * the status page of any replica shows it and a restart of the gateway keeps it.
 *
 * <p>Unlike a cutover record, progress decides nothing: an unreadable file or shared row is logged and read as
 * no progress (the next report replaces it) rather than stopping the gateway, and fields a newer gateway added
 * are ignored. The driver keeps its own state and reports again; the gateway only shows what it was told.
 */
public final class MigrationProgressRecords {

    private static final Logger log = LoggerFactory.getLogger(MigrationProgressRecords.class);

    /** Most features reported at once: a finished one is deleted by its driver, so this is far from reached. */
    public static final int MAX_FEATURES = 200;

    /**
     * Where the progress is kept: a file for one gateway ({@link InFile}), or the state the replicas share. A
     * change is a function of what is stored now, applied atomically.
     */
    public interface Store {
        Map<String, MigrationProgress> load();

        Map<String, MigrationProgress> update(UnaryOperator<Map<String, MigrationProgress>> change);
    }

    /** A new feature beyond {@link #MAX_FEATURES}. */
    public static final class TooManyFeatures extends RuntimeException {
        TooManyFeatures(String message) {
            super(message);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Store store;
    private final Clock clock;
    private volatile Map<String, MigrationProgress> progress;

    public MigrationProgressRecords(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        applyStored(store.load());
    }

    /** Makes what is stored live: after a change made here, or one another replica made in the shared state. */
    public synchronized void applyStored(Map<String, MigrationProgress> stored) {
        progress = Map.copyOf(stored);
    }

    /** Every feature's progress, sorted by the feature's name. */
    public List<MigrationProgress> all() {
        return progress.values().stream()
                .sorted(Comparator.comparing(MigrationProgress::feature))
                .toList();
    }

    public MigrationProgress get(String feature) {
        return progress.get(feature);
    }

    /** Keeps the report as the feature's progress, stamped with when it was received; returns what is kept. */
    public synchronized MigrationProgress put(MigrationProgress reported) {
        MigrationProgress received = reported.receivedAt(clock.instant());
        String feature = received.feature();
        applyStored(store.update(stored -> {
            if (!stored.containsKey(feature) && stored.size() >= MAX_FEATURES) {
                throw new TooManyFeatures("the gateway keeps the progress of at most " + MAX_FEATURES
                        + " features; DELETE /admin/migrations/{feature} of finished ones first");
            }
            Map<String, MigrationProgress> all = new TreeMap<>(stored);
            all.put(feature, received);
            return all;
        }));
        return received;
    }

    /** Forgets a feature's progress; false when there was none. */
    public synchronized boolean remove(String feature) {
        if (!progress.containsKey(feature)) {
            return false;
        }
        applyStored(store.update(stored -> {
            Map<String, MigrationProgress> all = new TreeMap<>(stored);
            all.remove(feature);
            return all;
        }));
        return true;
    }

    /** The progress in one file ({@code migrations.json}), replaced atomically on every change. */
    public static final class InFile implements Store {
        private final Path file;

        public InFile(Path file) {
            this.file = file;
        }

        @Override
        public synchronized Map<String, MigrationProgress> update(
                UnaryOperator<Map<String, MigrationProgress>> change) {
            Map<String, MigrationProgress> after = change.apply(load());
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, format(after));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the migration progress " + file, e);
            }
            return after;
        }

        @Override
        public Map<String, MigrationProgress> load() {
            if (!Files.exists(file)) {
                return Map.of();
            }
            try {
                return readOrNone(Files.readString(file), file.toString());
            } catch (IOException e) {
                log.warn(
                        "cannot read the migration progress {} ({}); showing none until the next report",
                        file,
                        e.getMessage());
                return Map.of();
            }
        }
    }

    /** Reads stored progress (a file or a shared row); fails when it cannot be read. */
    public static Map<String, MigrationProgress> parse(String text, String where) {
        try {
            return Map.copyOf(JSON.readValue(text, new TypeReference<TreeMap<String, MigrationProgress>>() {}));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the migration progress " + where + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #parse}, with unreadable progress logged and read as none: the next report replaces it. */
    public static Map<String, MigrationProgress> readOrNone(String text, String where) {
        if (text == null) {
            return Map.of();
        }
        try {
            return parse(text, where);
        } catch (IllegalStateException e) {
            log.warn("{}; showing none until the next report replaces it", e.getMessage());
            return Map.of();
        }
    }

    /** The progress as stored: JSON, by feature. */
    public static String format(Map<String, MigrationProgress> progress) {
        return JSON.writeValueAsString(new TreeMap<>(progress));
    }
}
