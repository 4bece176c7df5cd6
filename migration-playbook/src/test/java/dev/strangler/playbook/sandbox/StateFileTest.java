package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

    @TempDir
    Path stateDir;

    private StateFile stateFile() {
        return new StateFile(stateDir, SandboxJson.mapper());
    }

    @Test
    void aWrittenStateReadsBackEqual() {
        SandboxState state = new SandboxState(
                Instant.parse("2026-11-28T17:35:20.123Z"),
                true,
                stateDir,
                Path.of("/tmp/pg/data"),
                List.of(
                        new RunningPart(
                                SandboxPart.POSTGRES,
                                101,
                                15432,
                                "jdbc:postgresql://127.0.0.1:15432/monolith",
                                null,
                                Path.of("/tmp/pg/postgres.log")),
                        new RunningPart(
                                SandboxPart.MONOLITH,
                                202,
                                9001,
                                "http://127.0.0.1:9001",
                                "http://127.0.0.1:9001/actuator/health",
                                stateDir.resolve("logs/monolith.log"))),
                new KeptState(
                        List.of(Path.of("/tmp/pg/data")),
                        List.of("strangler-catalog-sink", "strangler-catalog-source"),
                        200));

        stateFile().write(state);

        assertThat(stateFile().read()).contains(state);
        assertThat(state.monolithUrl()).isEqualTo("http://127.0.0.1:9001");
    }

    @Test
    void theFileIsReadableJsonWithPartLabelsPlainPathsAndIsoTimes() throws Exception {
        stateFile()
                .write(new SandboxState(
                        Instant.parse("2026-11-28T17:35:20Z"),
                        false,
                        stateDir,
                        Path.of("/tmp/pg/data"),
                        List.of(new RunningPart(
                                SandboxPart.PAYMENT_PROVIDER,
                                7,
                                9101,
                                "http://127.0.0.1:9101",
                                null,
                                Path.of("/l/p.log"))),
                        KeptState.NONE));

        String text = Files.readString(stateDir.resolve(StateFile.NAME));

        assertThat(text)
                .contains(
                        "\"startedAt\" : \"2026-11-28T17:35:20Z\"",
                        "\"part\" : \"payment-provider\"",
                        "\"postgresDataDir\" : \"/tmp/pg/data\"",
                        "\"log\" : \"/l/p.log\"");
    }

    @Test
    void aFileWrittenBeforeKeptStateWasRecordedReadsAsStartedClean() throws Exception {
        Files.writeString(stateDir.resolve(StateFile.NAME), """
                {"startedAt" : "2026-11-28T17:35:20Z", "complete" : true, "stateDir" : "%s", "postgresDataDir" : "/tmp/pg/data",
                 "parts" : [ ]}""".formatted(stateDir));

        assertThat(stateFile().read())
                .hasValueSatisfying(state -> assertThat(state.kept()).isEqualTo(KeptState.NONE));
    }

    @Test
    void noFileMeansNoSandbox() {
        assertThat(stateFile().read()).isEmpty();
    }

    @Test
    void aDamagedFileIsReportedWithWhatToDo() throws Exception {
        Files.writeString(stateDir.resolve(StateFile.NAME), "{\"startedAt\": ");

        assertThatThrownBy(() -> stateFile().read())
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining(stateDir.resolve(StateFile.NAME).toString())
                .hasMessageContaining("delete the file");
    }

    @Test
    void deleteRemovesTheFile() {
        stateFile().write(new SandboxState(Instant.now(), false, stateDir, null, List.of(), KeptState.NONE));
        stateFile().delete();
        assertThat(stateDir.resolve(StateFile.NAME)).doesNotExist();
    }
}
