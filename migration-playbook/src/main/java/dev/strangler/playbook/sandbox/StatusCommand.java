package dev.strangler.playbook.sandbox;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strangler sandbox status}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Shows whether the sandbox runs, part by part.",
            "For each part: pid, port, URL, whether it is up (process alive and answering), log file."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every part is up", "1:some parts are up, some are not", "3:nothing is running"})
final class StatusCommand implements Callable<Integer> {

    static final int ALL_UP = 0;
    static final int PARTLY_UP = 1;
    static final int NOTHING_RUNNING = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateDirOption stateDir;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SandboxStatus status;
        try {
            status = new Sandbox(line -> {}).status(stateDir.stateDir());
        } catch (SandboxException e) {
            spec.commandLine().getErr().println("strangler sandbox status: " + e.getMessage());
            return PARTLY_UP;
        }
        if (json) {
            out.println(SandboxJson.mapper().writeValueAsString(status));
        } else {
            print(out, status);
        }
        return switch (status.overall()) {
            case RUNNING -> ALL_UP;
            case PARTIAL -> PARTLY_UP;
            case STOPPED -> NOTHING_RUNNING;
        };
    }

    private static void print(PrintWriter out, SandboxStatus status) {
        if (!status.recorded()) {
            out.println("No sandbox is running (nothing recorded in " + status.stateDir()
                    + "). Start one with `strangler sandbox up`.");
            return;
        }
        out.println("Sandbox in " + status.stateDir() + ", started " + status.startedAt() + ": "
                + switch (status.overall()) {
                    case RUNNING -> "running";
                    case PARTIAL -> "PARTLY running; `strangler sandbox down` then `up` restarts it";
                    case STOPPED -> "NOT running anymore; `strangler sandbox down` clears its state";
                });
        SandboxReport.header(out);
        for (PartStatus part : status.parts()) {
            SandboxReport.row(out, part.part(), part.alive(), part.pid(), part.port(), part.url(), part.log());
        }
        if (!status.complete()) {
            out.println("  (the `up` that started it did not finish)");
        }
        if (status.memoryBytes() >= 0) {
            out.println("Memory (PSS of each part's processes): "
                    + String.join(
                            ", ",
                            status.parts().stream()
                                    .filter(p -> p.memoryBytes() >= 0)
                                    .map(p -> p.part().label() + " " + mebibytes(p.memoryBytes()))
                                    .toList())
                    + "; together " + mebibytes(status.memoryBytes()));
        }
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
