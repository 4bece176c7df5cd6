package dev.strangler.playbook.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The state file of a sandbox ({@value #NAME} in the state directory): what {@code up} started. */
final class StateFile {

    static final String NAME = "sandbox.json";

    private final Path path;
    private final JsonMapper json;

    StateFile(Path stateDir, JsonMapper json) {
        this.path = stateDir.resolve(NAME);
        this.json = json;
    }

    Path path() {
        return path;
    }

    Optional<SandboxState> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(path.toFile(), SandboxState.class));
        } catch (JacksonException e) {
            throw new SandboxException(
                    "the sandbox state file " + path + " is not readable (" + e.getOriginalMessage()
                            + "); stop any sandbox processes by hand (see `ps -ef | grep strangler.sandbox`) and delete the file");
        }
    }

    /** Replaces the file atomically, so a reader never sees half a state. */
    void write(SandboxState state) {
        try {
            Files.createDirectories(path.getParent());
            Path tmp = path.resolveSibling(NAME + ".tmp");
            json.writeValue(tmp.toFile(), state);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sandbox state file " + path, e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the sandbox state file " + path, e);
        }
    }
}
