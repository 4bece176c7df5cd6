package dev.strangler.infra.postgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the PostgreSQL server programs ({@code initdb}, {@code pg_ctl}) are: on PATH, or under
 * {@code /usr/lib/postgresql/<version>/bin} (Debian's layout), the newest version first.
 */
public record PostgresBinaries(Path binDir) {

    static final String INSTALL_HINT =
            "PostgreSQL server binaries (initdb, pg_ctl) were found neither on PATH nor under "
                    + "/usr/lib/postgresql/*/bin. Install them (Debian/Ubuntu: apt-get install postgresql) or put their bin "
                    + "directory on PATH, or set STRANGLER_PG_BIN to it.";

    public Path initdb() {
        return binDir.resolve("initdb");
    }

    public Path pgCtl() {
        return binDir.resolve("pg_ctl");
    }

    /** Finds the binaries or fails with a message that says how to install them. */
    public static PostgresBinaries locate() {
        return find(System.getenv("STRANGLER_PG_BIN"), System.getenv("PATH"), Path.of("/usr/lib/postgresql"))
                .orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
    }

    static Optional<PostgresBinaries> find(String explicitDir, String pathVariable, Path debianRoot) {
        if (explicitDir != null && !explicitDir.isBlank()) {
            return Optional.of(Path.of(explicitDir))
                    .filter(PostgresBinaries::hasServerPrograms)
                    .map(PostgresBinaries::new);
        }
        if (pathVariable != null) {
            for (String entry : pathVariable.split(File.pathSeparator)) {
                if (!entry.isBlank() && hasServerPrograms(Path.of(entry))) {
                    return Optional.of(new PostgresBinaries(Path.of(entry)));
                }
            }
        }
        if (!Files.isDirectory(debianRoot)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debianRoot)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(PostgresBinaries::hasServerPrograms)
                    .max(Comparator.comparing(PostgresBinaries::majorVersion))
                    .map(PostgresBinaries::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int majorVersion(Path binDir) {
        try {
            return Integer.parseInt(binDir.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean hasServerPrograms(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
    }
}
