package dev.strangler.playbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cdc.plan.PlanException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandFailuresTest {

    @Command(name = "top", subcommands = Failing.class)
    static final class Top implements Runnable {
        @Override
        public void run() {}
    }

    @Command(name = "failing")
    static final class Failing implements Callable<Integer> {
        @Option(names = "--with")
        String with;

        @Override
        public Integer call() throws Exception {
            switch (with) {
                case "plan" -> throw new PlanException("plan.yaml", List.of("stream s: no table t"));
                case "argument" -> throw new IllegalArgumentException("the argument is wrong");
                case "io" -> throw new IOException("connection refused");
                case "bug" -> throw new IllegalStateException();
                default -> {
                    return 0;
                }
            }
        }
    }

    private final StringWriter err = new StringWriter();

    private int run(String with) {
        CommandLine cli = CommandLines.create(new Top());
        cli.setErr(new PrintWriter(err, true));
        return cli.execute("failing", "--with", with);
    }

    @Test
    void aRejectedPlanPrintsItsMessageAndExits2() {
        assertThat(run("plan")).isEqualTo(2);
        assertThat(err.toString().trim()).isEqualTo("migration plan plan.yaml rejected:\n  stream s: no table t");
    }

    @Test
    void aWrongArgumentPrintsItsMessageAndExits2() {
        assertThat(run("argument")).isEqualTo(2);
        assertThat(err.toString().trim()).isEqualTo("the argument is wrong");
    }

    @Test
    void anyOtherFailureNamesTheCommandAndExits1() {
        assertThat(run("io")).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("top failing: connection refused");
    }

    @Test
    void aFailureWithoutAMessageSaysWhatItWasAndWhereNotNull() {
        assertThat(run("bug")).isEqualTo(1);
        assertThat(err.toString().trim())
                .startsWith("top failing: IllegalStateException at ")
                .contains("CommandFailuresTest")
                .doesNotContain("null");
    }

    @Test
    void successIsUntouched() {
        assertThat(run("none")).isZero();
        assertThat(err.toString()).isEmpty();
    }
}
