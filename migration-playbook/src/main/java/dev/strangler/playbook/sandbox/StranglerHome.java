package dev.strangler.playbook.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The root of the toolkit's checkout: the {@code strangler.home} system property the launcher script
 * sets, else the working directory or its parent, whichever holds the {@code legacy-monolith} module.
 */
public final class StranglerHome {

    static final String PROPERTY = "strangler.home";

    private StranglerHome() {}

    public static Path resolve() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("legacy-monolith"))
                    && Files.isDirectory(candidate.resolve("migration-playbook"))) {
                return candidate;
            }
        }
        return here;
    }
}
