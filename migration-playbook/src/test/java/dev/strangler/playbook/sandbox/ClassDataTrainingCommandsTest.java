package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataTrainingCommandsTest {

    @Test
    void theGatewaysTrainingRunNeverJoinsTheSandboxesSharedStateAndKeepsItsOwnState(@TempDir Path state) {
        SandboxSettings settings = SandboxSettings.builder(Path.of("/opt/strangler"))
                .stateDir(state)
                .build();
        Path gatewayDir = state.resolve("gateway");
        Path trainingState = state.resolve("class-data-training").resolve("gateway");

        List<String> serving = PartCommands.gateway(settings, gatewayDir);
        List<String> training = PartCommands.gatewayForTraining(settings, gatewayDir, trainingState);

        assertThat(serving)
                .as("the sandbox's gateway is a replica of the shared state")
                .anyMatch(arg -> arg.startsWith("--strangler.shared-state.url="));
        assertThat(training)
                .as("a training run that joined it would be one more replica every hold waits for")
                .noneMatch(arg -> arg.startsWith("--strangler.shared-state."))
                .contains("--strangler.state-dir=" + trainingState)
                .doesNotContain("--strangler.state-dir=" + gatewayDir);
        assertThat(ClassDataArchives.JarCommand.of(training).jar())
                .as("the same jar, so the archive fits the gateway that serves")
                .isEqualTo(ClassDataArchives.JarCommand.of(serving).jar());
        assertThat(training)
                .as("same route file, ports and JVM options as the gateway that serves")
                .containsAll(serving.stream()
                        .filter(arg -> !arg.startsWith("--strangler.shared-state.")
                                && !arg.startsWith("--strangler.state-dir="))
                        .toList());
    }

    @Test
    void everySpringBootPartStartsWithTheSameJvmOptions(@TempDir Path state) {
        SandboxSettings settings = SandboxSettings.builder(Path.of("/opt/strangler"))
                .stateDir(state)
                .build();

        for (List<String> command : List.of(
                PartCommands.monolith(settings),
                PartCommands.catalog(settings, true),
                PartCommands.identity(settings),
                PartCommands.gateway(settings, state.resolve("gateway")))) {
            assertThat(ClassDataArchives.JarCommand.of(command).jvmOptions())
                    .containsAll(PartCommands.SPRING_BOOT_JVM_OPTIONS);
        }
    }
}
