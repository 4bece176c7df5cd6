package dev.strangler.gateway.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.strangler.gateway.routing.Mode;
import dev.strangler.gateway.routing.RouteOverride;

/**
 * The admin API's changes, kept in {@code overrides.json} so they survive a restart. They are
 * overlays on the route file: an override wins over the file's mode and percent for its route until
 * it is cleared, or until the file itself changes that route's mode or percent (the newest intent wins).
 */
public final class OverrideStore {

    /** What the file holds. */
    public record Saved(Map<String, SavedOverride> routes, boolean killSwitch) {
    }

    public record SavedOverride(String mode, int percentBasisPoints) {
    }

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().build();

    public OverrideStore(Path file) {
        this.file = file;
    }

    public Saved load() {
        if (!Files.exists(file)) {
            return new Saved(Map.of(), false);
        }
        try {
            Saved saved = json.readValue(file.toFile(), Saved.class);
            return new Saved(saved.routes() == null ? Map.of() : saved.routes(), saved.killSwitch());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the admin overrides " + file + ": " + e.getMessage()
                    + " (fix or delete the file; the audit log has the history)", e);
        }
    }

    public void save(Map<String, RouteOverride> overrides, boolean killSwitch) {
        Map<String, SavedOverride> routes = new java.util.TreeMap<>();
        overrides.forEach((id, o) -> routes.put(id, new SavedOverride(o.mode().yamlName(), o.percentBasisPoints())));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writeValue(tmp.toFile(), new Saved(routes, killSwitch));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin overrides " + file, e);
        }
    }

    public static RouteOverride toOverride(SavedOverride saved) {
        return new RouteOverride(Mode.parse(saved.mode()), saved.percentBasisPoints());
    }
}
