package dev.strangler.infra.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetachedProcessesTest {

    @Test
    void startedProcessKeepsItsPidInANewSessionAndWritesToTheLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("logs/out.log");
        long pid =
                DetachedProcesses.start(List.of("sh", "-c", "echo started; exec sleep 60", "detached-test"), dir, log);
        try {
            assertThat(DetachedProcesses.isAlive(pid)).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!Files.exists(log) || !Files.readString(log).contains("started")) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(DetachedProcesses.commandLine(pid))
                    .hasValueSatisfying(cmd -> assertThat(cmd).startsWith("sleep", "60"));
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertThat(Long.parseLong(fields[3])).as("session id").isEqualTo(pid);
        } finally {
            assertThat(DetachedProcesses.stop(pid, Duration.ofSeconds(5))).isTrue();
        }
        assertThat(DetachedProcesses.isAlive(pid)).isFalse();
        assertThat(DetachedProcesses.commandLine(pid)).isEmpty();
    }

    @Test
    void theVariablesToLeaveOutAreNotInTheStartedProcesssEnvironmentAndTheRestAre(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("env.log");
        long pid = DetachedProcesses.start(
                List.of("sh", "-c", "echo \"home=${HOME:-unset} path=${PATH:+set}\""), dir, log, Set.of("HOME"));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Files.exists(log) || !Files.readString(log).contains("path=")) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
        DetachedProcesses.stop(pid, Duration.ofSeconds(5));

        assertThat(Files.readString(log).strip()).isEqualTo("home=unset path=set");
    }

    @Test
    void stoppingAProcessThatIsGoneIsANoOp() {
        assertThat(DetachedProcesses.stop(Integer.MAX_VALUE - 1, Duration.ofSeconds(1)))
                .isTrue();
        assertThat(DetachedProcesses.isAlive(Integer.MAX_VALUE - 1)).isFalse();
    }
}
