package dev.strangler.playbook.cdc;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.sync.Parity;
import dev.strangler.playbook.cli.PlanOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strangler verify}: checks of a migration's state. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Checks of a migration's state.",
        subcommands = VerifyCommand.ParityCommand.class)
public final class VerifyCommand {

    /** When progress is shown on standard error. */
    enum Progress {
        /** When the command runs in a terminal (the JVM has a console), as one line rewritten in place. */
        AUTO,
        /** Always: in a terminal as one line rewritten in place, else a line each second (for a log). */
        ALWAYS,
        NEVER
    }

    @Command(
            name = "parity",
            mixinStandardHelpOptions = true,
            description = {
                "Compares each source table, through the plan's mapping, with its target table: row counts and "
                        + "hashes over key ranges, split where they differ down to the rows; prints the keys that "
                        + "differ and, for a different row, its target columns that differ.",
                "Exit 0 when equal, 1 on any difference."
            })
    static final class ParityCommand implements Callable<Integer> {
        @Mixin
        PlanOptions plan;

        @Option(
                names = "--chunk",
                defaultValue = "10000",
                description = "Rows per key range (bisect) or per page (rows) (default ${DEFAULT-VALUE}).")
        int chunk;

        @Option(
                names = "--method",
                defaultValue = "BISECT",
                description = "bisect: each database sums row hashes per key range, only differing ranges are split "
                        + "and read; rows: every row's hash read from both sides and merged (slower; names no "
                        + "columns). Default ${DEFAULT-VALUE}; one of ${COMPLETION-CANDIDATES}.")
        Parity.Method method;

        @Option(
                names = "--parallel",
                defaultValue = "" + Parity.DEFAULT_PARALLEL,
                description = "Pairs of connections (one to each database) bisect checks ranges on (default "
                        + "${DEFAULT-VALUE}).")
        int parallel;

        @Option(
                names = "--progress",
                defaultValue = "AUTO",
                description = "Progress on standard error: AUTO (in a terminal only), ALWAYS, NEVER (default "
                        + "${DEFAULT-VALUE}). Never on standard output, so --json stays clean.")
        Progress progress;

        @Option(names = "--json", description = "Print the tables' results as JSON.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (chunk < 1 || parallel < 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--chunk and --parallel must be at least 1 (were " + chunk + " and " + parallel + ")");
            }
            MigrationPlan p = plan.read();
            PrintWriter out = spec.commandLine().getOut();
            boolean equal = true;
            List<Parity.TableParity> all = new ArrayList<>();
            for (MigrationPlan.Stream s : plan.streams(p)) {
                ProgressLine line = new ProgressLine(spec.commandLine().getErr(), progress);
                List<Parity.TableParity> tables;
                try {
                    tables = new Parity(chunk, method, parallel).compare(s, line);
                } finally {
                    line.clear();
                }
                for (Parity.TableParity t : tables) {
                    equal &= t.equal();
                    all.add(t);
                    if (!json) {
                        print(out, t);
                    }
                }
            }
            if (json) {
                out.println(CdcCommand.JSON.writeValueAsString(all));
            }
            return equal ? 0 : 1;
        }

        private static void print(PrintWriter out, Parity.TableParity t) {
            out.printf(
                    "%s %s -> %s: %d source rows, %d target rows%s%n",
                    t.equal() ? "EQUAL " : "DIFFER",
                    t.source(),
                    t.target(),
                    t.sourceRows(),
                    t.targetRows(),
                    t.equal()
                            ? ""
                            : ", " + t.missingCount() + " missing, " + t.extraCount() + " extra, " + t.differentCount()
                                    + " different");
            print(out, "missing in target", t.missing(), t.missingCount());
            print(out, "extra in target", t.extra(), t.extraCount());
            List<String> different = t.different().stream()
                    .map(k -> t.differentColumns().containsKey(k)
                            ? k + " (" + String.join(", ", t.differentColumns().get(k)) + ")"
                            : k)
                    .toList();
            print(out, "different", different, t.differentCount());
        }

        private static void print(PrintWriter out, String what, List<String> keys, long count) {
            if (count > 0) {
                out.println("    " + what + ": " + String.join(" ", keys)
                        + (count > keys.size() ? " ... (" + count + " in all)" : ""));
            }
        }
    }

    /** Parity's progress on standard error: one line rewritten in place in a terminal, lines otherwise. */
    static final class ProgressLine implements Consumer<String> {
        private final PrintWriter err;
        private final boolean shown;
        private final boolean inPlace;
        private int width;

        ProgressLine(PrintWriter err, Progress progress) {
            boolean terminal = System.console() != null;
            this.err = err;
            this.shown = progress == Progress.ALWAYS || (progress == Progress.AUTO && terminal);
            this.inPlace = terminal;
        }

        @Override
        public void accept(String line) {
            if (!shown) {
                return;
            }
            if (inPlace) {
                err.print("\r  ... " + line + " ".repeat(Math.max(0, width - line.length())));
                width = line.length();
            } else {
                err.println("  ... " + line);
            }
            err.flush();
        }

        /** Removes a line rewritten in place, so what follows starts at the left. */
        void clear() {
            if (shown && inPlace && width > 0) {
                err.print("\r" + " ".repeat(width + 6) + "\r");
                err.flush();
                width = 0;
            }
        }
    }
}
