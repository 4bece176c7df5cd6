package dev.strangler.playbook.sandbox;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strangler sandbox down}. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = {
            "Stops exactly what `sandbox up` started.",
            "Each recorded pid is checked to still be that part before it is signalled (TERM, then KILL); then the "
                    + "state is forgotten. Logs and the database are kept unless --wipe is given."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing of the sandbox runs anymore", "1:some part could not be stopped"})
final class DownCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateDirOption stateDir;

    @Option(
            names = "--wipe",
            description = "Also delete the data of PostgreSQL, Kafka and Kafka Connect (also of a sandbox stopped "
                    + "before), so the next `up` starts from a fresh database with no stream state.")
    boolean wipe;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SandboxDown down;
        try {
            down = new Sandbox(line -> {}).down(stateDir.stateDir(), wipe);
        } catch (SandboxException e) {
            spec.commandLine().getErr().println("strangler sandbox down: " + e.getMessage());
            return 1;
        }
        if (!down.recorded()) {
            out.println("No sandbox is running (nothing recorded in " + stateDir.stateDir() + ")."
                    + (wipe
                            ? down.wiped().isEmpty() ? " No data to wipe." : " Wiped the data an earlier sandbox left:"
                            : ""));
            down.wiped().forEach(path -> out.println("  deleted " + path));
            return 0;
        }
        for (StoppedPart part : down.parts()) {
            out.printf("  %-22s pid %-8d %s%n", part.part().label(), part.pid(), part.detail());
        }
        if (!down.clean()) {
            spec.commandLine()
                    .getErr()
                    .println("strangler sandbox down: some parts are still running (see above); "
                            + "the state file is kept so that `down` can be run again");
            return 1;
        }
        down.wiped().forEach(path -> out.println("  deleted " + path));
        out.println("Sandbox stopped; logs kept in " + stateDir.stateDir().resolve("logs") + ".");
        return 0;
    }
}
