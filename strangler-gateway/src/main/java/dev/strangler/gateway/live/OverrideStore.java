package dev.strangler.gateway.live;

import dev.strangler.gateway.routing.Mode;
import dev.strangler.gateway.routing.RouteOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's changes, kept in {@code overrides.json} so they survive a restart. They are
 * overlays on the route file: an override wins over the file's mode and percent for its route until
 * it is cleared, or until the file itself changes that route's mode or percent (the newest intent wins).
 */
public final class OverrideStore implements StoredOverrides {

    /** What the file holds. */
    public record Saved(Map<String, SavedOverride> routes, boolean killSwitch) {

        public static final Saved NONE = new Saved(Map.of(), false);

        public Saved {
            routes = routes == null ? Map.of() : Map.copyOf(routes);
        }

        public Saved with(String routeId, RouteOverride override) {
            Map<String, SavedOverride> next = new TreeMap<>(routes);
            next.put(routeId, new SavedOverride(override.mode().yamlName(), override.percentBasisPoints()));
            return new Saved(next, killSwitch);
        }

        public Saved without(Collection<String> routeIds) {
            Map<String, SavedOverride> next = new TreeMap<>(routes);
            routeIds.forEach(next::remove);
            return new Saved(next, killSwitch);
        }

        public Saved withKillSwitch(boolean on) {
            return new Saved(routes, on);
        }
    }

    public record SavedOverride(String mode, int percentBasisPoints) {}

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().build();

    public OverrideStore(Path file) {
        this.file = file;
    }

    @Override
    public synchronized Saved update(UnaryOperator<Saved> change) {
        Saved before = load();
        Saved after = change.apply(before);
        if (!after.equals(before)) {
            save(after);
        }
        return after;
    }

    @Override
    public Saved load() {
        if (!Files.exists(file)) {
            return Saved.NONE;
        }
        try {
            Saved saved = json.readValue(file.toFile(), Saved.class);
            return new Saved(saved.routes(), saved.killSwitch());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the admin overrides " + file + ": " + e.getMessage()
                            + " (fix or delete the file; the audit log has the history)",
                    e);
        }
    }

    private void save(Saved saved) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writeValue(tmp.toFile(), new Saved(new TreeMap<>(saved.routes()), saved.killSwitch()));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin overrides " + file, e);
        }
    }

    public static RouteOverride toOverride(SavedOverride saved) {
        return new RouteOverride(Mode.parse(saved.mode()), saved.percentBasisPoints());
    }
}
