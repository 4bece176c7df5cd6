package dev.strangler.playbook.check;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.playbook.check.CutoverCheckSettings.Fault;
import dev.strangler.playbook.cutover.WriteCutover;
import dev.strangler.playbook.route.GatewayAdmin;
import dev.strangler.playbook.route.RouteMode;
import dev.strangler.playbook.sandbox.GatewayFiles;
import dev.strangler.playbook.sandbox.SandboxDatabase;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The write cutover checked the way Jepsen checks a database: writers change prices through the
 * gateway with values no other write sends (a share of them held in flight at the backend) and read
 * them back, while {@code strangler writes cutover} and {@code rollback} run again and again as
 * separate processes, optionally with faults; every request and answer goes into a history; at the
 * end both databases' final prices are checked against it ({@link HistoryChecker}).
 */
public final class CutoverCheck {

    static final String STREAM = "catalog";
    static final String ROUTE = "catalog-write";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    /** A killed or failed command is run again at most this often, as an operator would, before the check gives up on it. */
    private static final int RUNS_AFTER_A_FAILURE = 2;

    /** One cutover and its rollback: the exit code of each run of each command (a killed or failed run, then the runs that tried to finish it). */
    public record Cycle(
            int number,
            Fault fault,
            List<Integer> cutoverExits,
            List<Integer> rollbackExits,
            String faultNote,
            long startNanos,
            long endNanos,
            List<FaultWindow> faultWindows) {}

    /**
     * While a fault was in effect: from its kill until the part was back (a gateway replica, the Connect
     * worker), or until the command's last run after the kill had ended.
     */
    public record FaultWindow(Instant from, Instant to) {}

    /**
     * What the check found. {@code holdMillis}: every hold of the write route during the run, as the
     * gateways' audit logs have it; {@code holdMillisClearOfFaults}: those during which no fault was in
     * effect (a hold a kill struck lasts as long as the repair lets it, by design: the lease of a dead
     * replica, a barrier on a dead Connect worker).
     */
    public record Result(
            Verdict verdict,
            List<Operation> history,
            List<Cycle> cycles,
            List<Long> holdMillis,
            List<Long> holdMillisClearOfFaults,
            Map<String, List<WriteCutover.Outcome>> cleanRuns,
            int replicas,
            int unreadableHistoryLines,
            List<String> problems) {

        public boolean passed() {
            return verdict.passed() && problems.isEmpty();
        }

        /** The table per cycle, what went wrong, and {@link #summary()} as the last line. */
        public void report(PrintWriter out) {
            CutoverCheckReport.print(this, out);
        }

        /**
         * {@code cycles=N replicas=R writes=W acknowledged=A lost=L stale_reads=S parity=exact|DIFF hold_p50_ms=X
         * hold_p99_ms=Y holds=H clear_of_faults=C clear_hold_p50_ms=X2 clear_hold_p99_ms=Y2}
         */
        public String summary() {
            return CutoverCheckReport.lastLine(this);
        }
    }

    private final CutoverCheckSettings s;
    private final Random random;
    private final long t0 = System.nanoTime();
    private final Instant startedAt = Instant.now();
    private final StranglerProcess strangler;
    private final List<String> problems = new ArrayList<>();
    /** How long the last cutover or rollback took that ran to its end unharmed. */
    private long commandMillis = 3000;
    /**
     * The outcomes of the cutovers and rollbacks that ran from their first step to their last in one run (by
     * {@code cutover}, {@code rollback}): where their time went, as they measured it.
     */
    private final Map<String, List<WriteCutover.Outcome>> cleanRuns = new java.util.TreeMap<>();

    private int runs;

    public CutoverCheck(CutoverCheckSettings settings) {
        this.s = settings;
        this.random = new Random(settings.seed());
        this.strangler =
                new StranglerProcess(settings.strangler(), settings.history().resolveSibling("strangler-commands.log"));
    }

    private long now() {
        return System.nanoTime() - t0;
    }

    public Result run() throws Exception {
        MigrationPlan plan =
                new PlanReader().read(s.plan(), SandboxDatabase.planEnvironment(s.sandboxDir(), System::getenv));
        MigrationPlan.Stream catalog = plan.stream(STREAM)
                .orElseThrow(() -> new IllegalArgumentException(s.plan() + " has no stream " + STREAM));
        PriceDatabases databases = new PriceDatabases(catalog);
        List<Long> rows = databases.pickRows(s.rows());
        Map<Long, Long> initial = databases.monolithCents(rows);
        long firstValue = Stream.concat(initial.values().stream(), databases.serviceCents(rows).values().stream())
                        .mapToLong(Long::longValue)
                        .max()
                        .orElse(0)
                + 1;
        String token = login();
        List<Cycle> cycles = new ArrayList<>();
        try (OperationLog log = new OperationLog(s.history());
                PriceWriters writers = new PriceWriters(
                        s.gateway(),
                        token,
                        rows,
                        s.slowShare(),
                        log,
                        this::now,
                        databases,
                        this::serviceOwns,
                        firstValue,
                        s.writers())) {
            long deadline = now() + s.maxDuration().toNanos();
            writers.start(s.writers(), s.seed(), "check" + s.seed(), deadline);
            Thread.sleep(s.pause().toMillis());
            for (int c = 1; c <= s.cycles() && now() < deadline; c++) {
                Fault fault = s.faults().isEmpty()
                        ? null
                        : s.faults().get((c - 1) % s.faults().size());
                Cycle done = cycle(c, fault);
                cycles.add(done);
                if (done.rollbackExits().get(done.rollbackExits().size() - 1) != 0) {
                    // A cutover now would start from writes still with the service: not a state the runbook allows.
                    problems.add("cycle " + c + ": the rollback did not finish in "
                            + done.rollbackExits().size() + " runs; no further cycles");
                    break;
                }
            }
            Thread.sleep(s.pause().toMillis());
            writers.stopAndWait();
        }
        settle(cycles);
        Map<Long, Long> monolith = databases.monolithCents(rows);
        Map<Long, Long> service = databases.serviceCents(rows);
        OperationLog.History history = OperationLog.read(s.history());
        Verdict verdict =
                new HistoryChecker(s.readYourWrites()).check(history.operations(), initial, monolith, service);
        List<HoldTimes.Hold> holds = holds();
        List<FaultWindow> faults =
                cycles.stream().flatMap(c -> c.faultWindows().stream()).toList();
        return new Result(
                verdict,
                history.operations(),
                List.copyOf(cycles),
                holds.stream().map(HoldTimes.Hold::millis).toList(),
                holds.stream()
                        .filter(h -> faults.stream().noneMatch(f -> h.overlaps(f.from(), f.to())))
                        .map(HoldTimes.Hold::millis)
                        .toList(),
                Collections.unmodifiableMap(cleanRuns),
                s.replicas(),
                history.unreadableLines(),
                List.copyOf(problems));
    }

    private Cycle cycle(int number, Fault fault) throws Exception {
        long start = now();
        Thread injector = null;
        String[] note = {""};
        boolean killCutover = fault == Fault.COMMAND && random.nextBoolean();
        boolean killRollback = fault == Fault.COMMAND && !killCutover;
        // Anywhere in the command's life, from its JVM starting to its last step: its last clean run's length.
        long killAfter = (long) (commandMillis * (0.2 + 0.8 * random.nextDouble()));
        List<FaultWindow> windows = Collections.synchronizedList(new ArrayList<>());
        if (fault == Fault.GATEWAY || fault == Fault.CONNECT) {
            long delay = random.nextLong(2 * s.pause().toMillis() + 3000);
            injector = new Thread(() -> note[0] = inject(fault, delay, windows), "cutover-check-fault");
            injector.setDaemon(true);
            injector.start();
        }
        List<String> notes = new ArrayList<>();
        Thread faultRepaired = injector;
        Runnable awaitRepair = () -> {
            try {
                if (faultRepaired != null) {
                    faultRepaired.join(Duration.ofMinutes(3).toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        List<Integer> cutover = step("cutover", killCutover, killAfter, notes, awaitRepair, windows);
        Thread.sleep(s.pause().toMillis());
        List<Integer> rollback = step("rollback", killRollback, killAfter, notes, awaitRepair, windows);
        if (injector != null) {
            awaitRepair.run();
            notes.add(note[0]);
        }
        Thread.sleep(s.pause().toMillis());
        return new Cycle(
                number, fault, cutover, rollback, String.join("; ", notes), start, now(), List.copyOf(windows));
    }

    /**
     * Runs {@code writes cutover|rollback}, killing it with SIGKILL after {@code killAfterMillis} when
     * asked (unless it finished by then); when it was killed or failed, waits until the cycle's fault is
     * repaired (the killed process is back) and runs the same command once more to let it finish what it
     * started, and records both exit codes. A killed run adds its {@link FaultWindow} to {@code windows}.
     */
    private List<Integer> step(
            String what,
            boolean kill,
            long killAfterMillis,
            List<String> notes,
            Runnable awaitRepair,
            List<FaultWindow> windows)
            throws Exception {
        List<Integer> exits = new ArrayList<>();
        long started = System.nanoTime();
        Path outcome = s.history().resolveSibling("outcomes").resolve(++runs + "-" + what + ".json");
        Process p = strangler.start(writes(what, outcome));
        Instant killedAt = null;
        if (kill) {
            if (p.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
                notes.add("the " + what + " finished before its kill at " + killAfterMillis + " ms");
            } else {
                killedAt = Instant.now();
                p.destroyForcibly();
                notes.add("killed the " + what + " after " + killAfterMillis + " ms");
            }
        }
        exits.add(StranglerProcess.await(p, COMMAND_TIMEOUT));
        if (exits.get(0) == 0) {
            commandMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            cleanRun(what, outcome);
        } else {
            awaitRepair.run();
            for (int again = 0; again < RUNS_AFTER_A_FAILURE && exits.get(exits.size() - 1) != 0; again++) {
                exits.add(strangler.run(writes(what, null), COMMAND_TIMEOUT));
            }
        }
        if (killedAt != null) {
            windows.add(new FaultWindow(killedAt, Instant.now()));
        }
        return exits;
    }

    /** Keeps the outcome of a run that took every step itself (it settled nothing a killed run left). */
    private void cleanRun(String what, Path file) {
        try {
            WriteCutover.Outcome o = JsonMapper.builder()
                    .build()
                    .readValue(java.nio.file.Files.readString(file), WriteCutover.Outcome.class);
            if (o.settled() == null) {
                cleanRuns.computeIfAbsent(what, k -> new ArrayList<>()).add(o);
            }
        } catch (java.io.IOException | RuntimeException e) {
            problems.add("the outcome of a " + what + " could not be read from " + file + ": " + e.getMessage());
        }
    }

    private List<String> writes(String what, Path outcome) {
        List<String> args = new ArrayList<>(writes(what));
        if (outcome != null) {
            args.addAll(List.of("--outcome-file", outcome.toString()));
        }
        return args;
    }

    private List<String> writes(String what) {
        return List.of(
                "writes",
                what,
                "--plan",
                s.plan().toString(),
                "--stream",
                STREAM,
                "--route",
                ROUTE,
                "--connect",
                s.connect().toString(),
                "--gateway-admin",
                s.gatewayAdmin().toString(),
                "--sandbox-dir",
                s.sandboxDir().toString());
    }

    private String inject(Fault fault, long delayMillis, List<FaultWindow> windows) {
        try {
            Thread.sleep(delayMillis);
            Instant killedAt = Instant.now();
            List<String> hook = new ArrayList<>(s.faultHook());
            hook.add(fault.name().toLowerCase(Locale.ROOT));
            Process p = new ProcessBuilder(hook)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            s.history().resolveSibling("faults.log").toFile()))
                    .start();
            int exit = StranglerProcess.await(p, Duration.ofMinutes(2));
            windows.add(new FaultWindow(killedAt, Instant.now())); // the hook returns once the part is back
            return "killed " + fault.name().toLowerCase(Locale.ROOT) + " at +" + delayMillis + " ms"
                    + (exit == 0 ? "" : " (hook exit " + exit + ")");
        } catch (Exception e) {
            return "fault " + fault + " not injected: " + e;
        }
    }

    /**
     * Leaves the writes with the monolith and the catalog stream caught up, so both databases can be
     * compared: a rollback that did not finish is run once more, then the forward barrier.
     */
    private void settle(List<Cycle> cycles) throws InterruptedException {
        if (!cycles.isEmpty()) {
            List<Integer> last = cycles.get(cycles.size() - 1).rollbackExits();
            if (last.get(last.size() - 1) != 0) {
                int exit = strangler.run(writes("rollback"), COMMAND_TIMEOUT);
                if (exit != 0) {
                    problems.add("the last rollback did not finish even when run again (exit " + exit
                            + "); the writes may be with the service");
                }
            }
        }
        int barrier = strangler.run(
                List.of(
                        "cdc",
                        "barrier",
                        "--plan",
                        s.plan().toString(),
                        "--sandbox-dir",
                        s.sandboxDir().toString(),
                        "--stream",
                        STREAM,
                        "--timeout",
                        "120s"),
                COMMAND_TIMEOUT);
        if (barrier != 0) {
            problems.add("the catalog stream did not pass its barrier at the end (exit " + barrier
                    + "): the service may lag behind");
        }
    }

    /** Whether the gateway sends the write route to the service now; null when it cannot be asked (a replica killed, say). */
    private Boolean serviceOwns() {
        try {
            if (admin == null) {
                admin = new GatewayAdmin(
                        s.gatewayAdmin(),
                        GatewayFiles.adminToken(s.sandboxDir()).orElseThrow());
            }
            return RouteMode.SERVICE.equals(RouteMode.of(admin.route(ROUTE)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The gateway's admin API, for {@link #serviceOwns}: made once, on first use, by the writers' threads. */
    private volatile GatewayAdmin admin;

    /**
     * Each hold of the write route since the run began: its longest closed gate on any replica, from
     * every replica's audit log ({@link HoldTimes}).
     */
    private List<HoldTimes.Hold> holds() {
        List<List<HoldTimes.Closing>> perReplica = new ArrayList<>();
        String adminToken = GatewayFiles.adminToken(s.sandboxDir()).orElseThrow();
        for (URI replica : Stream.concat(Stream.of(s.gatewayAdmin()), s.replicaAdmins().stream())
                .toList()) {
            try {
                perReplica.add(HoldTimes.closings(new GatewayAdmin(replica, adminToken).audit(5000), ROUTE, startedAt));
            } catch (RuntimeException e) {
                problems.add(
                        "hold times not read from the audit log of the gateway at " + replica + ": " + e.getMessage());
            }
        }
        return HoldTimes.longestPerHold(perReplica);
    }

    private String login() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String body = "{\"email\":\"admin@example.com\",\"password\":\"admin-password\"}";
        HttpRequest request = HttpRequest.newBuilder(s.gateway().resolve("/api/auth/login"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "admin login through " + s.gateway() + " failed (" + r.statusCode() + "): " + r.body());
        }
        return JsonMapper.builder().build().readTree(r.body()).path("token").asString();
    }

    /** Where this check writes its history by default: next to the sandbox's state. */
    public static Path defaultHistory(Path sandboxDir) {
        return sandboxDir.resolve("cutover-check").resolve("history-" + System.currentTimeMillis() + ".jsonl");
    }
}
