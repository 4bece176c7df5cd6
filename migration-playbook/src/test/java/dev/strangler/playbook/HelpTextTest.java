package dev.strangler.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help reads as written: picocli formats descriptions, so a stray '%' breaks them. */
class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutAPicocliWarningAndKeepsItsPercentSigns() {
        List<String> problems = new ArrayList<>();
        PrintStream err = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            visit(StranglerCommand.commandLine(), problems);
        } finally {
            System.setErr(err);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8))
                .as("picocli's warnings while rendering every help")
                .isEmpty();
        assertThat(problems).isEmpty();
    }

    private static void visit(CommandLine command, List<String> problems) {
        String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
        if (help.contains("%n") || help.contains("%s")) {
            problems.add(command.getCommandSpec().qualifiedName() + ": unformatted '%' in its help");
        }
        command.getSubcommands().values().forEach(sub -> visit(sub, problems));
    }

    @Test
    void theRouteCommandsHelpNamesTheCanaryPercent() {
        assertThat(StranglerCommand.commandLine()
                        .getSubcommands()
                        .get("route")
                        .getUsageMessage(CommandLine.Help.Ansi.OFF))
                .contains("canary N%,");
    }
}
