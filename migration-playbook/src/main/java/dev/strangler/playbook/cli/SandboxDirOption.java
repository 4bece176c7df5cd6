package dev.strangler.playbook.cli;

import dev.strangler.playbook.sandbox.SandboxSettings;
import dev.strangler.playbook.sandbox.StranglerHome;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --sandbox-dir}: the local sandbox whose gateway token and database password a command uses
 * when the environment gives none.
 */
public final class SandboxDirOption {

    @Option(
            names = "--sandbox-dir",
            paramLabel = "DIR",
            defaultValue = "${env:STRANGLER_SANDBOX_DIR}",
            description =
                    "The sandbox state directory whose gateway token and database password to use when the environment "
                            + "sets none (env STRANGLER_SANDBOX_DIR; default <strangler home>/migration-playbook/.sandbox).")
    Path sandboxDir;

    /** The state directory: the option, or the default sandbox's. */
    public Path stateDir() {
        return sandboxDir != null
                ? sandboxDir.toAbsolutePath().normalize()
                : SandboxSettings.defaultStateDir(StranglerHome.resolve());
    }
}
