package dev.strangler.playbook.sandbox;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.infra.postgres.PostgresCluster;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts the sandbox: PostgreSQL first (the monolith, the catalog service and the gateway need their
 * databases when they start), then Kafka, then Kafka Connect is launched and the catalog and gateway
 * databases are created; then the two provider stand-ins, the monolith, the catalog service and the
 * gateway are launched side by side (the monolith only calls the providers when an order is placed), and
 * it waits for each to be healthy, Kafka Connect last; the identity service is launched once the
 * monolith is healthy. The Spring Boot parts start from their class-data archives when fresh ones are kept
 * ({@link SandboxClassData}); the missing ones are made once every part is healthy. The state file is rewritten
 * after every
 * launch, so that {@code down} can stop a half-started sandbox; when a part fails, what was started
 * is stopped again.
 */
final class SandboxStarter {

    private static final int LOG_TAIL_LINES = 40;

    private final PortCheck ports;
    private final PartProcesses processes;
    private final SandboxPostgres postgres;
    private final HealthProbe health;
    private final SandboxStopper stopper;
    private final StartTimeouts timeouts;
    private final Clock clock;
    private final Consumer<String> progress;

    SandboxStarter(
            PortCheck ports,
            PartProcesses processes,
            SandboxPostgres postgres,
            HealthProbe health,
            SandboxStopper stopper,
            StartTimeouts timeouts,
            Clock clock,
            Consumer<String> progress) {
        this.ports = ports;
        this.processes = processes;
        this.postgres = postgres;
        this.health = health;
        this.stopper = stopper;
        this.timeouts = timeouts;
        this.clock = clock;
        this.progress = progress;
    }

    /** Starts every part; the caller has made sure no sandbox is recorded in the state directory. */
    SandboxState start(SandboxSettings settings, StateFile stateFile) {
        settings.jars().forEach((what, jar) -> requireJar(jar, what, settings));
        ports.requireFree(settings);
        Path stateDir = settings.stateDir();
        Path wireMockJar = WireMockJar.locate(stateDir.resolve("lib"));
        long begin = clock.millis();
        SandboxState state = new SandboxState(
                clock.instant(),
                false,
                stateDir,
                SandboxPostgres.dataDirFor(stateDir, settings.postgresPort()),
                List.of(),
                KeptState.find(settings));
        stateFile.write(state);
        try (RollbackOnExit guard = new RollbackOnExit(state, started -> rollback(started, stateFile))) {
            Consumer<SandboxState> record = more -> {
                stateFile.write(more);
                guard.update(more);
            };
            try {
                return startParts(settings, state, wireMockJar, begin, record);
            } catch (RuntimeException e) {
                progress.accept(
                        e instanceof KeptCatalogException
                                ? "refused (see below), stopping what was started ..."
                                : "start failed, stopping what was started ...");
                rollback(stateFile.read().orElse(state), stateFile);
                throw e;
            }
        }
    }

    private SandboxState startParts(
            SandboxSettings settings,
            SandboxState initial,
            Path wireMockJar,
            long begin,
            Consumer<SandboxState> record) {
        SandboxState state = initial;
        KeptState kept = state.kept();
        progress.accept("starting postgres on port " + settings.postgresPort() + " ...");
        state = with(record, state, startPostgres(state, settings));
        if (settings.infraOnly()) {
            return startInfrastructure(settings, state, begin, record);
        }
        if (kept.data().contains(state.postgresDataDir())) {
            int products = KeptCatalog.products(
                    PostgresCluster.at(state.postgresDataDir(), settings.postgresPort()),
                    PartCommands.MONOLITH_DATABASE);
            KeptCatalog.requireAskedSize(settings, products, "kept from an earlier run in " + settings.stateDir());
            kept = kept.withCatalogProducts(products);
            state = with(record, state, kept);
            progress.accept("postgres ready after " + seconds(begin)
                    + ", on the data of an earlier run (the monolith's catalog: " + products + " products)");
        } else {
            progress.accept("postgres ready after " + seconds(begin));
        }
        SandboxKafka kafka = new SandboxKafka(settings);
        state = with(record, state, kafka.startBroker());
        progress.accept("kafka ready after " + seconds(begin)
                + (kept.data().contains(SandboxKafka.dataDirFor(settings.stateDir(), settings.kafkaPort()))
                        ? ", on the data of an earlier run"
                        : ""));
        state = with(record, state, kafka.launchConnect());
        ServiceDatabase.ALL.forEach(db -> db.migrate(settings));
        GatewayDatabase.create(settings);
        progress.accept("service and gateway databases ready after " + seconds(begin));
        SandboxClassData classData = SandboxClassData.of(settings, clock);
        say(classData.summary(springBootJars(settings)));
        state = with(record, state, launchProvider(SandboxPart.PAYMENT_PROVIDER, settings, wireMockJar));
        state = with(record, state, launchProvider(SandboxPart.NOTIFICATION_PROVIDER, settings, wireMockJar));
        state = with(record, state, launchMonolith(settings));
        // Before the catalog service: the route file says whether it takes the identity service's JWTs.
        Path gatewayDir = GatewayFiles.prepare(settings);
        state = with(record, state, launchCatalog(settings));
        // Before the gateway: it reads its client secret at the identity service from there when it starts.
        IdentityFiles.prepare(settings.stateDir());
        state = with(record, state, launchGateway(settings, gatewayDir));
        progress.accept(
                "started the provider stand-ins, the monolith, the catalog service and the gateway, waiting for them to be healthy ...");
        for (SandboxPart part : new SandboxPart[] {SandboxPart.PAYMENT_PROVIDER, SandboxPart.NOTIFICATION_PROVIDER}) {
            awaitHealthy(state.part(part).orElseThrow(), timeouts.provider());
            progress.accept(part.label() + " ready after " + seconds(begin));
        }
        awaitHealthy(state.part(SandboxPart.MONOLITH).orElseThrow(), timeouts.springBootPart());
        progress.accept("monolith ready after " + seconds(begin));
        // Started once the monolith is up: a sixth JVM starting beside five on a small machine slows them all.
        state = with(record, state, launchIdentity(settings));
        awaitHealthy(state.part(SandboxPart.CATALOG_SERVICE).orElseThrow(), timeouts.springBootPart());
        progress.accept("catalog service ready after " + seconds(begin));
        awaitHealthy(state.part(SandboxPart.IDENTITY_SERVICE).orElseThrow(), timeouts.springBootPart());
        progress.accept("identity service ready after " + seconds(begin));
        awaitHealthy(state.part(SandboxPart.GATEWAY).orElseThrow(), timeouts.springBootPart());
        progress.accept("gateway ready after " + seconds(begin));
        awaitHealthy(state.part(SandboxPart.CONNECT).orElseThrow(), timeouts.connect());
        progress.accept("kafka connect ready after " + seconds(begin));
        if (!kept.clean()) {
            List<String> connectors =
                    connectorsOf(state.part(SandboxPart.CONNECT).orElseThrow());
            state = with(record, state, kept.withConnectors(connectors));
            progress.accept(
                    connectors.isEmpty()
                            ? "no streams came back (Kafka Connect has no connectors)"
                            : "streams that came back: " + String.join(", ", connectors));
        }
        startIdentityStream(settings, state.part(SandboxPart.CONNECT).orElseThrow());
        progress.accept("identity stream applied after " + seconds(begin)
                + " (the identity service learns the monolith's sessions: the catalog service takes the identity "
                + "service's JWTs)");
        Map<SandboxPart, List<String>> training = new LinkedHashMap<>();
        training.put(SandboxPart.MONOLITH, PartCommands.monolith(settings));
        training.put(SandboxPart.CATALOG_SERVICE, catalogCommand(settings));
        training.put(SandboxPart.IDENTITY_SERVICE, PartCommands.identity(settings));
        training.put(SandboxPart.GATEWAY, gatewayTraining(settings, gatewayDir));
        return complete(record, state, begin, classData, training);
    }

    /**
     * {@code --infra-only}: after PostgreSQL, Kafka and Kafka Connect, and the gateway in front of the team's own monolith
     * when one is named. No reference databases, no streams: the team's plan says what to move.
     */
    private SandboxState startInfrastructure(
            SandboxSettings settings, SandboxState initial, long begin, Consumer<SandboxState> record) {
        SandboxState state = initial;
        progress.accept("postgres ready after " + seconds(begin)
                + (state.kept().data().contains(state.postgresDataDir()) ? ", on the data of an earlier run" : ""));
        SandboxKafka kafka = new SandboxKafka(settings);
        state = with(record, state, kafka.startBroker());
        progress.accept("kafka ready after " + seconds(begin));
        state = with(record, state, kafka.launchConnect());
        if (settings.ownMonolith() != null) {
            GatewayDatabase.create(settings);
            Path gatewayDir = GatewayFiles.prepareInFrontOf(settings, settings.ownMonolith());
            IdentityFiles.prepare(settings.stateDir()); // the gateway reads its (unused) identity client secret there
            say(SandboxClassData.of(settings, clock).summary(Map.of(SandboxPart.GATEWAY, settings.gatewayJar())));
            state = with(record, state, launchGateway(settings, gatewayDir));
            awaitHealthy(state.part(SandboxPart.GATEWAY).orElseThrow(), timeouts.springBootPart());
            progress.accept("gateway ready after " + seconds(begin) + ", in front of " + settings.ownMonolith());
        }
        awaitHealthy(state.part(SandboxPart.CONNECT).orElseThrow(), timeouts.connect());
        progress.accept("kafka connect ready after " + seconds(begin));
        if (!state.kept().clean()) {
            state = with(
                    record,
                    state,
                    state.kept()
                            .withConnectors(
                                    connectorsOf(state.part(SandboxPart.CONNECT).orElseThrow())));
        }
        Map<SandboxPart, List<String>> training = new LinkedHashMap<>();
        if (settings.ownMonolith() != null) {
            training.put(SandboxPart.GATEWAY, gatewayTraining(settings, GatewayFiles.dir(settings.stateDir())));
        }
        return complete(record, state, begin, SandboxClassData.of(settings, clock), training);
    }

    /**
     * Every part is healthy: recorded as complete, then the class-data archives that were missing are made, after
     * the timings the user was shown and before {@code up} returns (so they are there for the next start, and no
     * training run competes with the user's first requests).
     */
    private SandboxState complete(
            Consumer<SandboxState> record,
            SandboxState state,
            long begin,
            SandboxClassData classData,
            Map<SandboxPart, List<String>> training) {
        SandboxState complete = state.completed();
        record.accept(complete);
        progress.accept("every part healthy after " + seconds(begin));
        if (!training.isEmpty()) {
            say(classData.makeMissing(training, settingsLogDir(complete)));
        }
        return complete;
    }

    private void say(String line) {
        if (!line.isEmpty()) {
            progress.accept(line);
        }
    }

    private static Path settingsLogDir(SandboxState state) {
        return state.stateDir().resolve("logs");
    }

    /** The jars of the Spring Boot parts of the full sandbox. */
    private static Map<SandboxPart, Path> springBootJars(SandboxSettings settings) {
        Map<SandboxPart, Path> jars = new LinkedHashMap<>();
        jars.put(SandboxPart.MONOLITH, settings.monolithJar());
        jars.put(SandboxPart.CATALOG_SERVICE, settings.catalogJar());
        jars.put(SandboxPart.IDENTITY_SERVICE, settings.identityJar());
        jars.put(SandboxPart.GATEWAY, settings.gatewayJar());
        return jars;
    }

    /** A part's command line, from its class-data archive when a fresh one is kept. */
    private List<String> springBoot(SandboxSettings settings, SandboxPart part, List<String> command) {
        return SandboxClassData.of(settings, clock).launch(part, command);
    }

    private static List<String> catalogCommand(SandboxSettings settings) {
        return PartCommands.catalog(
                settings, GatewayFiles.takesJwts(settings.stateDir(), GatewayFiles.CATALOG_SERVICE));
    }

    /** The gateway's training run: its own state, never the sandbox's shared state (it would count as a replica). */
    private static List<String> gatewayTraining(SandboxSettings settings, Path gatewayDir) {
        return PartCommands.gatewayForTraining(
                settings,
                gatewayDir,
                settings.stateDir().resolve("class-data-training").resolve("gateway"));
    }

    /** The connectors Connect found in Kafka's kept topics: the streams an earlier run applied, resuming. */
    private static List<String> connectorsOf(RunningPart connect) {
        try {
            return new ConnectClient(URI.create(connect.url())).connectors();
        } catch (IllegalStateException e) {
            throw failed(
                    connect,
                    "Kafka Connect answered its health check but could not list its connectors: " + e.getMessage());
        }
    }

    /**
     * The identity stream of the reference plan: every service that takes a JWT ({@code credential: jwt}, the catalog
     * service here) needs the identity service to know the app's sessions, so it runs from the start (applying a
     * stream that came back changes nothing). The identity migration's later phases move the writes.
     */
    private static void startIdentityStream(SandboxSettings settings, RunningPart connect) {
        try {
            MigrationPlan plan = ReferencePlans.read(settings, ReferencePlans.IDENTITY);
            new CdcStreams(new ConnectClient(URI.create(connect.url())))
                    .apply(
                            ReferencePlans.IDENTITY,
                            plan,
                            plan.stream(ReferencePlans.IDENTITY_STREAM).orElseThrow());
        } catch (IOException | RuntimeException e) {
            throw failed(connect, "the identity stream could not be applied: " + e.getMessage());
        }
    }

    private void rollback(SandboxState started, StateFile stateFile) {
        stopper.stop(started, false);
        stateFile.delete();
    }

    private static void requireJar(Path jar, String what, SandboxSettings settings) {
        if (!Files.isRegularFile(jar)) {
            throw new SandboxException(
                    "the " + what + " jar " + jar + " is missing; build it with " + "`mvn -q install -DskipTests` in "
                            + settings.home() + " (the `strangler` script does that on first use)");
        }
    }

    private RunningPart startPostgres(SandboxState state, SandboxSettings settings) {
        try {
            return postgres.start(settings.stateDir(), state.postgresDataDir(), settings.postgresPort());
        } catch (RuntimeException e) {
            Path log = state.postgresDataDir().resolveSibling("postgres.log");
            throw new SandboxStartException(
                    SandboxPart.POSTGRES,
                    "PostgreSQL did not start on port " + settings.postgresPort() + ": " + e.getMessage(),
                    log,
                    LogTail.of(log, LOG_TAIL_LINES),
                    e);
        }
    }

    private RunningPart launchProvider(SandboxPart provider, SandboxSettings settings, Path wireMockJar) {
        int port = settings.port(provider);
        Path rootDir = ProviderStubs.writeRootDir(provider, settings.stateDir());
        Path log = logOf(settings, provider);
        long pid =
                processes.launch(provider, settings.stateDir(), PartCommands.provider(wireMockJar, port, rootDir), log);
        String url = PartCommands.httpUrl(port);
        return new RunningPart(provider, pid, port, url, url + "/__admin/health", log);
    }

    private RunningPart launchMonolith(SandboxSettings settings) {
        Path log = logOf(settings, SandboxPart.MONOLITH);
        long pid = processes.launch(
                SandboxPart.MONOLITH,
                settings.stateDir(),
                springBoot(settings, SandboxPart.MONOLITH, PartCommands.monolith(settings)),
                log);
        String url = PartCommands.httpUrl(settings.monolithPort());
        return new RunningPart(SandboxPart.MONOLITH, pid, settings.monolithPort(), url, url + "/actuator/health", log);
    }

    private RunningPart launchCatalog(SandboxSettings settings) {
        Path log = logOf(settings, SandboxPart.CATALOG_SERVICE);
        long pid = processes.launch(
                SandboxPart.CATALOG_SERVICE,
                settings.stateDir(),
                springBoot(settings, SandboxPart.CATALOG_SERVICE, catalogCommand(settings)),
                log);
        String url = PartCommands.httpUrl(settings.catalogPort());
        return new RunningPart(
                SandboxPart.CATALOG_SERVICE, pid, settings.catalogPort(), url, url + "/actuator/health", log);
    }

    private RunningPart launchIdentity(SandboxSettings settings) {
        Path log = logOf(settings, SandboxPart.IDENTITY_SERVICE);
        long pid = processes.launch(
                SandboxPart.IDENTITY_SERVICE,
                settings.stateDir(),
                springBoot(settings, SandboxPart.IDENTITY_SERVICE, PartCommands.identity(settings)),
                log);
        String url = PartCommands.httpUrl(settings.identityPort());
        return new RunningPart(
                SandboxPart.IDENTITY_SERVICE, pid, settings.identityPort(), url, url + "/actuator/health", log);
    }

    private RunningPart launchGateway(SandboxSettings settings, Path gatewayDir) {
        Path log = logOf(settings, SandboxPart.GATEWAY);
        long pid = processes.launch(
                SandboxPart.GATEWAY,
                settings.stateDir(),
                springBoot(settings, SandboxPart.GATEWAY, PartCommands.gateway(settings, gatewayDir)),
                log);
        String url = PartCommands.httpUrl(settings.gatewayPort());
        return new RunningPart(
                SandboxPart.GATEWAY,
                pid,
                settings.gatewayPort(),
                url,
                PartCommands.httpUrl(settings.gatewayManagementPort()) + "/actuator/health",
                log);
    }

    private void awaitHealthy(RunningPart part, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!health.isHealthy(part.healthUrl())) {
            if (!processes.isAlive(part.pid())) {
                throw failed(part, "the " + part.label() + " exited while starting");
            }
            if (System.nanoTime() > deadline) {
                throw failed(
                        part,
                        "the " + part.label() + " did not become healthy within " + timeout.toSeconds() + " s (GET "
                                + part.healthUrl() + ")");
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private static SandboxStartException failed(RunningPart part, String message) {
        return new SandboxStartException(
                part.part(), message, part.log(), LogTail.of(part.log(), LOG_TAIL_LINES), null);
    }

    private static SandboxState with(Consumer<SandboxState> record, SandboxState state, RunningPart part) {
        SandboxState more = state.with(part);
        record.accept(more);
        return more;
    }

    private static SandboxState with(Consumer<SandboxState> record, SandboxState state, KeptState kept) {
        SandboxState more = state.with(kept);
        record.accept(more);
        return more;
    }

    private static Path logOf(SandboxSettings settings, SandboxPart part) {
        return settings.stateDir().resolve("logs").resolve(part.label() + ".log");
    }

    private String seconds(long beginMillis) {
        return String.format(Locale.ROOT, "%.1f s", (clock.millis() - beginMillis) / 1000.0);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for the sandbox to start", e);
        }
    }
}
