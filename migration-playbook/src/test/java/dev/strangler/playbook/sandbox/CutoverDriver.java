package dev.strangler.playbook.sandbox;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.Databases;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.gateway.api.CutoverRecord;
import dev.strangler.playbook.StranglerCommand;
import dev.strangler.playbook.route.GatewayAdmin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the cutover tests of {@link SandboxIT} do to a running sandbox: run {@code strangler writes ...}
 * in this JVM or as a process of its own (which a test can stop at a step and kill -9), write prices
 * through the gateway as the admin, and read them back from both databases.
 */
final class CutoverDriver {

    static final String WRITES_ROUTE = "catalog-write";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Path home;
    private final Path plan;
    private final Path stateDir;
    private final String gatewayUrl;
    private final String adminUrl;
    private final String connectUrl;
    private final MigrationPlan.Stream catalog;
    private String adminToken;

    CutoverDriver(
            Path home,
            Path plan,
            Path stateDir,
            String gatewayUrl,
            String adminUrl,
            String connectUrl,
            MigrationPlan.Stream catalog) {
        this.home = home;
        this.plan = plan;
        this.stateDir = stateDir;
        this.gatewayUrl = gatewayUrl;
        this.adminUrl = adminUrl;
        this.connectUrl = connectUrl;
        this.catalog = catalog;
    }

    Path plan() {
        return plan;
    }

    MigrationPlan.Stream catalog() {
        return catalog;
    }

    List<String> writesArgs(String subcommand, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "writes",
                subcommand,
                "--plan",
                plan.toString(),
                "--stream",
                "catalog",
                "--route",
                WRITES_ROUTE,
                "--connect",
                connectUrl,
                "--gateway-admin",
                adminUrl,
                "--sandbox-dir",
                stateDir.toString()));
        args.addAll(List.of(more));
        return args;
    }

    /** Runs a {@code strangler} command in this JVM: exit code and what it printed. */
    Run run(List<String> args) {
        StringWriter out = new StringWriter();
        CommandLine cli = StranglerCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args.toArray(String[]::new));
        System.out.print(out);
        return new Run(exit, out.toString());
    }

    record Run(int exit, String output) {
        JsonNode lastLineJson() {
            String[] lines = output.strip().split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        }
    }

    /** Starts {@code strangler writes SUBCOMMAND} as a process that stops at {@code pauseAt} and returns it once it has. */
    Process startPausedAt(String subcommand, String pauseAt) throws IOException, InterruptedException {
        return launchPaused(subcommand, pauseAt, null, "--hold-limit", "4s").process();
    }

    /**
     * Starts {@code strangler writes SUBCOMMAND} (default limits) as a process that stops at {@code pauseAt} for
     * {@code pause}, then goes on; returned once it has stopped there, with the rest of its output to read.
     */
    PausedRun startPausedFor(String subcommand, String pauseAt, Duration pause)
            throws IOException, InterruptedException {
        return launchPaused(subcommand, pauseAt, pause);
    }

    /**
     * Starts {@code strangler writes SUBCOMMAND} (default limits) with the pause points {@code points} (comma-separated,
     * {@code POINT=MILLIS} for a pause that ends); returned once it has stopped at the first.
     */
    PausedRun startPausedAtPoints(String subcommand, String points) throws IOException, InterruptedException {
        return launchPaused(subcommand, points, null);
    }

    /** A {@code strangler writes} process stopped at a step for a while: what it printed until then, and the rest. */
    record PausedRun(Process process, String before, BufferedReader rest) {
        /** Reads its output until a line contains {@code text} (at most {@code limit}); returns what it read. */
        String readUntil(String text, Duration limit) throws IOException, InterruptedException {
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> lines(text));
            try {
                return read.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                kill(process);
                throw new IllegalStateException("no '" + text + "' within " + limit, e);
            }
        }

        /** Its output up to and with the first line containing {@code until}, or to its end when that is null. */
        private String lines(String until) {
            StringBuilder text = new StringBuilder();
            try {
                String line;
                while ((line = rest.readLine()) != null) {
                    System.out.println("    [paused run] " + line);
                    text.append(line).append('\n');
                    if (until != null && line.contains(until)) {
                        return text.toString();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (until != null) {
                throw new IllegalStateException("the run ended without printing '" + until + "':\n" + text);
            }
            return text.toString();
        }

        /** Waits for the process to end (at most {@code limit}) and returns its exit code and the rest of its output. */
        Run finish(Duration limit) throws IOException, InterruptedException {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> lines(null));
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IllegalStateException("the paused run did not end within " + limit);
            }
            return new Run(process.exitValue(), output.join());
        }
    }

    private PausedRun launchPaused(String subcommand, String pauseAt, Duration pauseFor, String... more)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dstrangler.home=" + home,
                "-jar",
                home.resolve("migration-playbook/target/strangler.jar").toString()));
        command.addAll(writesArgs(subcommand, more));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("STRANGLER_FAULT_PAUSE_AT", pauseAt);
        if (pauseFor != null) {
            pb.environment().put("STRANGLER_FAULT_PAUSE_MILLIS", Long.toString(pauseFor.toMillis()));
        }
        Process p = pb.start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        StringBuilder before = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
            System.out.println("    [" + pauseAt + "] " + line);
            before.append(line).append('\n');
            if (line.contains("paused at " + pauseAt.split(",")[0].split("=")[0])) {
                return new PausedRun(p, before.toString(), lines);
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("strangler writes " + subcommand + " never reached " + pauseAt + " (exit "
                + (p.isAlive() ? "none" : p.exitValue()) + ")");
    }

    /**
     * A price write kept in flight at the monolith: a row lock in its database makes the PATCH's
     * UPDATE wait until {@link #commit()}. Returned once the write waits on the lock.
     */
    final class WriteInFlight implements AutoCloseable {
        private final Connection lock;
        final CompletableFuture<HttpResponse<String>> answer;

        WriteInFlight(long id, long cents) throws Exception {
            lock = monolithDb();
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("SELECT 1 FROM products WHERE id = " + id + " FOR UPDATE");
            }
            answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return setPrice(id, BigDecimal.valueOf(cents, 2));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            try (Statement s = lock.createStatement()) {
                while (true) {
                    try (ResultSet rs =
                            s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            return;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the write never reached the monolith's database");
                    }
                    Thread.sleep(20);
                }
            }
        }

        /** Lets the write commit; returns what its client was told. */
        HttpResponse<String> commit() throws Exception {
            lock.commit();
            return answer.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws SQLException {
            lock.close();
        }
    }

    /**
     * Starts the reverse stream inert, as the cutover's first step does. A test that keeps a write in
     * flight during a cutover does this first: creating a replication slot waits for every transaction
     * in the cluster that holds a transaction id, the stalled write's too, so the cutover would
     * otherwise wait before its hold instead of in it. (The cutover takes the step again: it is safe twice.)
     */
    void startReverseInert() {
        new CdcStreams(new ConnectClient(URI.create(connectUrl))).startInert(reverse());
    }

    /** The plan's reverse stream of the catalog, which a write cutover starts. */
    MigrationPlan.Stream reverse() {
        return new PlanReader()
                        .read(plan.toString(), readPlan(), SandboxDatabase.planEnvironment(stateDir, name -> null))
                        .streams()
                        .stream()
                        .filter(st -> "catalog".equals(st.reverseOf()))
                        .findFirst()
                        .orElseThrow();
    }

    private String readPlan() {
        try {
            return Files.readString(plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WriteInFlight writeInFlight(long id, long cents) throws Exception {
        return new WriteInFlight(id, cents);
    }

    /** kill -9, as a crash would. */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** The mode the gateway serves the route in now. */
    String routeMode(String route) {
        return new GatewayAdmin(
                        URI.create(adminUrl), GatewayFiles.adminToken(stateDir).orElseThrow())
                .route(route)
                .mode();
    }

    /** The step the write cutover of the catalog recorded last in the gateway, or null when none is under way. */
    String recordedStep() {
        CutoverRecord record = new GatewayAdmin(
                        URI.create(adminUrl), GatewayFiles.adminToken(stateDir).orElseThrow())
                .cutover("catalog");
        return record == null ? null : record.step();
    }

    String adminToken() throws IOException, InterruptedException {
        if (adminToken == null) {
            HttpResponse<String> r = send(
                    "POST",
                    "/api/auth/login",
                    "{\"email\":\"admin@example.com\",\"password\":\"admin-password\"}",
                    null);
            adminToken = JSON.readTree(r.body()).path("token").asString();
        }
        return adminToken;
    }

    /** PATCHes a product's price through the gateway as the admin. */
    HttpResponse<String> setPrice(long id, BigDecimal price) throws IOException, InterruptedException {
        return send("PATCH", "/api/admin/products/" + id, "{\"price\": " + price.toPlainString() + "}", adminToken());
    }

    private HttpResponse<String> send(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    Connection monolithDb() throws SQLException {
        return Databases.connect(catalog.source());
    }

    Connection catalogDb() throws SQLException {
        return Databases.connect(catalog.target());
    }

    /** The product's price in the monolith's database (cents) and in the catalog service's (decimal), as cents. */
    long[] pricesInCents(long id) throws SQLException {
        try (Connection m = monolithDb();
                Connection c = catalogDb();
                PreparedStatement pm = m.prepareStatement("SELECT price_cents FROM products WHERE id = ?");
                PreparedStatement pc = c.prepareStatement("SELECT price FROM products WHERE id = ?")) {
            pm.setLong(1, id);
            pc.setLong(1, id);
            try (ResultSet rm = pm.executeQuery();
                    ResultSet rc = pc.executeQuery()) {
                rm.next();
                rc.next();
                return new long[] {
                    rm.getLong(1), rc.getBigDecimal(1).movePointRight(2).longValueExact()
                };
            }
        }
    }

    /** Waits until both databases hold the price (the sync streams carry it over); returns what they hold then. */
    long[] awaitPriceOnBothSides(long id, long cents, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long[] prices = pricesInCents(id);
        while ((prices[0] != cents || prices[1] != cents) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            prices = pricesInCents(id);
        }
        return prices;
    }
}
