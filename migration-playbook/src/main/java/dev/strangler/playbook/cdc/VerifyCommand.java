package dev.strangler.playbook.cdc;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.sync.Parity;
import dev.strangler.playbook.cli.PlanOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
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

    @Command(
            name = "parity",
            mixinStandardHelpOptions = true,
            description = {
                "Compares each source table, through the plan's mapping, with its target table: row counts and "
                        + "hashes over key-ordered chunks; prints the keys that differ.",
                "Exit 0 when equal, 1 on any difference."
            })
    static final class ParityCommand implements Callable<Integer> {
        @Mixin
        PlanOptions plan;

        @Option(names = "--chunk", defaultValue = "10000", description = "Rows per chunk (default ${DEFAULT-VALUE}).")
        int chunk;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            MigrationPlan p = plan.read();
            PrintWriter out = spec.commandLine().getOut();
            boolean equal = true;
            for (MigrationPlan.Stream s : plan.streams(p)) {
                List<Parity.TableParity> tables = new Parity(chunk).compare(s, line -> {
                    spec.commandLine().getErr().println("  ... " + line);
                });
                for (Parity.TableParity t : tables) {
                    equal &= t.equal();
                    out.printf(
                            "%s %s -> %s: %d source rows, %d target rows%s%n",
                            t.equal() ? "EQUAL " : "DIFFER",
                            t.source(),
                            t.target(),
                            t.sourceRows(),
                            t.targetRows(),
                            t.equal()
                                    ? ""
                                    : ", " + t.missingCount() + " missing, " + t.extraCount() + " extra, "
                                            + t.differentCount() + " different");
                    print(out, "missing in target", t.missing(), t.missingCount());
                    print(out, "extra in target", t.extra(), t.extraCount());
                    print(out, "different", t.different(), t.differentCount());
                }
            }
            return equal ? 0 : 1;
        }

        private static void print(PrintWriter out, String what, List<String> keys, long count) {
            if (count > 0) {
                out.println("    " + what + ": " + String.join(" ", keys)
                        + (count > keys.size() ? " ... (" + count + " in all)" : ""));
            }
        }
    }
}
