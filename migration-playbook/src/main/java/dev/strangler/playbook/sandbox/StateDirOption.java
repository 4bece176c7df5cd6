package dev.strangler.playbook.sandbox;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --state-dir} option shared by the sandbox commands. */
final class StateDirOption {

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            defaultValue = "${env:STRANGLER_SANDBOX_DIR}",
            description = "Where the sandbox keeps its state and logs (env STRANGLER_SANDBOX_DIR; "
                    + "default <strangler home>/migration-playbook/.sandbox).")
    Path stateDir;

    Path stateDir() {
        return stateDir != null
                ? stateDir.toAbsolutePath().normalize()
                : SandboxSettings.defaultStateDir(StranglerHome.resolve());
    }
}
