package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.playbook.StranglerCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The sandbox commands as a user runs them, for everything that needs no running sandbox. */
class SandboxCommandTest {

    @TempDir
    Path stateDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = StranglerCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void upHelpDocumentsEveryPortWithItsDefaultAndEnvironmentVariable() {
        int exit = run("sandbox", "up", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--state-dir", "STRANGLER_SANDBOX_DIR", "--products");
        for (SandboxPart part : SandboxPart.values()) {
            assertThat(out.toString()).contains(part.portOption(), part.portEnvironmentVariable());
        }
    }

    @Test
    void everyPartsPortOptionExistsOnUpWithThePartsDefault() {
        CommandLine up = StranglerCommand.commandLine()
                .getSubcommands()
                .get("sandbox")
                .getSubcommands()
                .get("up");

        for (SandboxPart part : SandboxPart.values()) {
            OptionSpec option = up.getCommandSpec().findOption(part.portOption());
            assertThat(option).as(part.portOption()).isNotNull();
            if (System.getenv(part.portEnvironmentVariable()) == null) {
                assertThat(option.defaultValue()).isEqualTo(Integer.toString(part.defaultPort()));
            }
        }
    }

    @Test
    void everySandboxCommandHasHelp() {
        assertThat(run("sandbox", "--help")).isZero();
        assertThat(out.toString()).contains("up", "status", "down", "15432", "9001", "9101", "9102");
        assertThat(run("sandbox", "status", "--help")).isZero();
        assertThat(run("sandbox", "down", "--help")).isZero();
    }

    @Test
    void statusWithNothingStartedSaysSoAndExits3() {
        int exit = run("sandbox", "status", "--state-dir", stateDir.toString());

        assertThat(exit).isEqualTo(3);
        assertThat(out.toString()).contains("No sandbox is running");
    }

    @Test
    void statusAsJsonWithNothingStartedIsStopped() {
        int exit = run("sandbox", "status", "--json", "--state-dir", stateDir.toString());

        assertThat(exit).isEqualTo(3);
        assertThat(out.toString()).contains("\"state\" : \"STOPPED\"", "\"recorded\" : false");
    }

    @Test
    void downWipeOnASandboxStoppedBeforeDeletesTheDataOfPostgresKafkaAndConnectAndKeepsTheLogs() throws Exception {
        Path cluster = SandboxPostgres.dataDirFor(stateDir, 25432);
        Files.createDirectories(stateDir.resolve("postgres-25432"));
        Files.createDirectories(cluster);
        Files.writeString(cluster.resolve("base.dat"), "rows");
        Files.createDirectories(stateDir.resolve("kafka-29092").resolve("strangler.catalog.changes-0"));
        Files.writeString(stateDir.resolve("kafka-29092").resolve("meta.properties"), "cluster.id=x");
        Files.createDirectories(stateDir.resolve("connect-28083"));
        Files.writeString(stateDir.resolve("connect-28083").resolve("offsets"), "lsn");
        Files.createDirectories(stateDir.resolve("logs"));
        Files.writeString(stateDir.resolve("logs").resolve("gateway.log"), "kept");

        int exit = run("sandbox", "down", "--state-dir", stateDir.toString(), "--wipe");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("Wiped the data an earlier sandbox left", "kafka-29092", "connect-28083", "postgres-25432");
        assertThat(cluster).doesNotExist();
        assertThat(stateDir.resolve("kafka-29092")).doesNotExist();
        assertThat(stateDir.resolve("connect-28083")).doesNotExist();
        assertThat(stateDir.resolve("postgres-25432")).doesNotExist();
        assertThat(stateDir.resolve("logs").resolve("gateway.log")).exists();
    }

    @Test
    void downWithNothingStartedSaysSoAndSucceeds() {
        int exit = run("sandbox", "down", "--state-dir", stateDir.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("No sandbox is running");
    }

    @Test
    void upWithTwoPartsOnOnePortFailsBeforeStartingAnything() {
        int exit = run("sandbox", "up", "--state-dir", stateDir.toString(), "--monolith-port", "9101");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("ports are both 9101");
    }
}
