package dev.strangler.playbook.migration;

import dev.strangler.gateway.api.RouteCounters;
import dev.strangler.playbook.cutover.WriteCutover;
import dev.strangler.playbook.cutover.WritesCommand;
import dev.strangler.playbook.route.GatewayAdmin;
import dev.strangler.playbook.route.RouteMode;
import dev.strangler.playbook.sandbox.GatewayFiles;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * How a walk takes its steps: each an ordinary {@code strangler} command, numbered, printed and then run through the
 * same command line, its exit code kept; what a step measured is read back as the value the command kept, never by
 * parsing what it printed. One per walk.
 */
final class WalkSteps {

    private final CommandLine root;
    private final PrintWriter out;
    private final List<String> failed = new ArrayList<>();
    private int step;

    WalkSteps(CommandLine root, PrintWriter out) {
        this.root = root;
        this.out = out;
    }

    /** The steps that failed so far (commands that exited non-zero, checks the walk made itself). */
    List<String> failed() {
        return List.copyOf(failed);
    }

    /** A check of the walk's own that failed. */
    void fail(String what) {
        failed.add(what);
    }

    void heading(String text) {
        out.println();
        out.println("#### " + text);
    }

    /** Prints a numbered step the walk takes itself (not a command), with what a person would type for it. */
    void own(String what, String typed) {
        out.println();
        out.println("== " + (++step) + ". " + what);
        out.println("   $ " + typed);
        out.flush();
    }

    /** A step that only shows something: its exit code is not a failure of the walk. */
    void look(String what, String... args) {
        int before = failed.size();
        run(what, args);
        while (failed.size() > before) {
            failed.remove(failed.size() - 1);
        }
    }

    /**
     * Prints the step and its command, and runs it through the same command line; what it prints goes to the
     * walk's output only (a value the walk needs is read from the command, see {@link #movedWrites}).
     */
    void run(String what, String... args) {
        out.println();
        out.println("== " + (++step) + ". " + what);
        out.println("   $ strangler " + String.join(" ", args));
        out.flush();
        // The command may close its writers: it gets one that leaves the walk's own open.
        PrintWriter through = new PrintWriter(
                new Writer() {
                    @Override
                    public void write(char[] buf, int off, int len) {
                        out.write(buf, off, len);
                    }

                    @Override
                    public void flush() {
                        out.flush();
                    }

                    @Override
                    public void close() {}
                },
                true);
        PrintWriter oldOut = root.getOut();
        PrintWriter oldErr = root.getErr();
        root.setOut(through);
        root.setErr(through);
        int exit;
        try {
            exit = root.execute(args);
        } finally {
            root.setOut(oldOut);
            root.setErr(oldErr);
        }
        if (exit != 0) {
            failed.add("strangler " + String.join(" ", args) + " (exit " + exit + ")");
        }
    }

    /** Moves a route with {@code strangler route set} ({@code percent}: for a canary, else null). */
    void setMode(
            List<String> gatewayOptions, String what, String route, RouteMode mode, String percent, String reason) {
        List<String> args = new ArrayList<>(List.of("route", "set", route, "--mode", mode.wire()));
        if (percent != null) {
            args.addAll(List.of("--percent", percent));
        }
        args.addAll(List.of("--reason", reason));
        run(what, with(gatewayOptions, args.toArray(String[]::new)));
    }

    /** The walk's summary line of a load: requests, what else it counts, failures with the first few. */
    static String loadLine(long requests, String counted, List<String> failures) {
        return "   load: " + requests + " requests (" + counted + "), " + failures.size() + " failed"
                + (failures.isEmpty() ? "" : ": " + failures.subList(0, Math.min(5, failures.size())));
    }

    /** The walk's summary line of a shadow phase. */
    static String shadowLine(long compared, long mismatches, List<String> samples) {
        return "   shadow: " + compared + " comparisons, " + mismatches + " mismatches"
                + (samples.isEmpty() ? "" : ": " + samples);
    }

    /** {@code args} with {@code options} put after the subcommand path (at most two words). */
    static String[] with(List<String> options, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        int insertAt = 0;
        while (insertAt < all.size() && !all.get(insertAt).startsWith("-") && insertAt < 2) {
            insertAt++;
        }
        all.addAll(insertAt, options);
        return all.toArray(String[]::new);
    }

    /**
     * Runs {@code strangler writes cutover} or {@code writes rollback} ({@code subcommand}) of {@code stream}'s routes
     * {@code route} and returns what it did, as the value the command kept (null when it failed before an outcome).
     */
    WriteCutover.Outcome moveWrites(
            List<String> gatewayOptions,
            String what,
            String subcommand,
            String plan,
            String stream,
            String route,
            String connect) {
        run(
                what,
                with(
                        gatewayOptions,
                        "writes",
                        subcommand,
                        "--plan",
                        plan,
                        "--stream",
                        stream,
                        "--route",
                        route,
                        "--connect",
                        connect,
                        "--json"));
        return movedWrites(subcommand);
    }

    /** The sandbox gateway's admin API, with the token {@code sandbox up} made. */
    static GatewayAdmin admin(MigrationWalk.Endpoints at) {
        return new GatewayAdmin(
                at.gatewayAdmin(),
                GatewayFiles.adminToken(at.sandboxDir())
                        .orElseThrow(() -> new IllegalStateException("no gateway admin token in " + at.sandboxDir())));
    }

    /**
     * What the {@code writes cutover} or {@code writes rollback} just run did, as the value the command kept, not
     * as the text it printed: the executed subcommand is the last of the parse. Null when it failed before an
     * outcome (or did not run).
     */
    private WriteCutover.Outcome movedWrites(String subcommand) {
        CommandLine.ParseResult parsed = root.getParseResult();
        while (parsed != null && parsed.subcommand() != null) {
            parsed = parsed.subcommand();
        }
        return parsed != null
                        && subcommand.equals(parsed.commandSpec().name())
                        && parsed.commandSpec().userObject() instanceof WritesCommand.MovesWrites moved
                ? moved.outcome()
                : null;
    }

    /** What a shadow phase compared: matches plus mismatches, the mismatches, a few of them as the gateway kept them. */
    record ShadowSeen(long compared, long mismatches, List<String> samples) {}

    /** A route's shadow results once the copies in flight have been compared, printed as the walk goes. */
    ShadowSeen shadow(GatewayAdmin admin, String route) throws InterruptedException {
        RouteCounters counters = settledShadow(admin, route);
        List<String> samples = new ArrayList<>();
        admin.mismatches(route).forEach(m -> samples.add(m.method() + " " + m.path() + ": " + m.differences()));
        long compared = counters.shadowMatches() + counters.shadowMismatches();
        out.println("   shadow comparisons: " + compared + ", mismatches: " + counters.shadowMismatches()
                + ", dropped: " + counters.shadowDropped() + ", errors: " + counters.shadowErrors());
        return new ShadowSeen(compared, counters.shadowMismatches(), List.copyOf(samples));
    }

    /** A route's counters once the shadow copies in flight have been compared (at most 20 s). */
    private static RouteCounters settledShadow(GatewayAdmin admin, String route) throws InterruptedException {
        long last = -1;
        RouteCounters counters = admin.route(route).counters();
        for (int i = 0; i < 40; i++) {
            Thread.sleep(500);
            counters = admin.route(route).counters();
            long seen = counters.shadowMatches()
                    + counters.shadowMismatches()
                    + counters.shadowErrors()
                    + counters.shadowDropped();
            if (seen == last) {
                break;
            }
            last = seen;
        }
        return counters;
    }
}
