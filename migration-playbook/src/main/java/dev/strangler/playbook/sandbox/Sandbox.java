package dev.strangler.playbook.sandbox;

import dev.strangler.infra.postgres.PostgresCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local sandbox: PostgreSQL, Kafka, Kafka Connect, the two provider stand-ins (WireMock), the legacy
 * monolith, the catalog service and the gateway, each a detached process, recorded in a state directory so
 * that later commands find them again.
 *
 * <pre>{@code
 * Sandbox sandbox = new Sandbox(System.out::println);
 * SandboxState state = sandbox.up(SandboxSettings.defaults(home));
 * String monolith = state.monolithUrl();
 * ...
 * sandbox.down(state.stateDir());
 * }</pre>
 */
public final class Sandbox {

    private final JsonMapper json;
    private final SandboxStarter starter;
    private final SandboxInspector inspector;
    private final SandboxStopper stopper;
    private final SandboxWipe wipe;
    private final Consumer<String> progress;

    /** A sandbox that reports what it does, step by step, to {@code progress}. */
    public Sandbox(Consumer<String> progress) {
        this(Clock.systemUTC(), progress, PortCheck.onThisMachine(), StartTimeouts.DEFAULT);
    }

    Sandbox(Clock clock, Consumer<String> progress, PortCheck ports, StartTimeouts timeouts) {
        this.json = SandboxJson.mapper();
        this.progress = progress;
        PartProcesses processes = PartProcesses.withThisJava();
        SandboxPostgres postgres = new SandboxPostgres();
        HealthProbe health = HealthProbe.withDefaultClient(json);
        this.inspector = new SandboxInspector(processes, postgres, health);
        this.stopper = new SandboxStopper(processes, postgres);
        this.wipe = new SandboxWipe(postgres);
        this.starter = new SandboxStarter(ports, processes, postgres, health, stopper, timeouts, clock, progress);
    }

    /**
     * Starts every part and returns what runs, once all are healthy.
     *
     * @throws SandboxAlreadyRunningException when this state directory's sandbox runs already (nothing is started)
     * @throws KeptCatalogException           when {@link SandboxSettings#productsExplicit() asked for} products that the
     *                                        catalog of a kept (or running) database does not have (nothing is left started)
     * @throws SandboxStartException          when a part fails to start (what was started is stopped again)
     * @throws SandboxException               when a port is taken, the monolith jar is missing, or a previous
     *                                        sandbox is half running and must be stopped with {@link #down} first
     */
    public SandboxState up(SandboxSettings settings) {
        StateFile stateFile = new StateFile(settings.stateDir(), json);
        Optional<SandboxState> recorded = stateFile.read();
        if (recorded.isPresent()) {
            SandboxStatus status = inspector.inspect(recorded.get());
            switch (status.overall()) {
                case RUNNING -> {
                    if (settings.productsExplicit()) {
                        recorded.get()
                                .part(SandboxPart.POSTGRES)
                                .ifPresent(postgres -> KeptCatalog.requireAskedSize(
                                        settings,
                                        KeptCatalog.products(
                                                PostgresCluster.at(
                                                        recorded.get().postgresDataDir(), postgres.port()),
                                                PartCommands.MONOLITH_DATABASE),
                                        "of the sandbox that runs"));
                    }
                    throw new SandboxAlreadyRunningException(recorded.get());
                }
                case PARTIAL ->
                    throw new SandboxException("the sandbox in " + settings.stateDir() + " (started "
                            + recorded.get().startedAt() + ") is only partly running: " + describe(status)
                            + "; run `strangler sandbox down` first, then `up` again");
                case STOPPED -> {
                    progress.accept("the sandbox started " + recorded.get().startedAt()
                            + " is no longer running; clearing its state and starting afresh");
                    stopper.stop(recorded.get(), false);
                    stateFile.delete();
                }
            }
        }
        return starter.start(settings, stateFile);
    }

    /** What runs in the state directory, part by part; {@link SandboxStatus.Overall#STOPPED} when nothing is recorded. */
    public SandboxStatus status(Path stateDir) {
        return new StateFile(stateDir.toAbsolutePath().normalize(), json)
                .read()
                .map(inspector::inspect)
                .orElseGet(() ->
                        SandboxStatus.nothingRecorded(stateDir.toAbsolutePath().normalize()));
    }

    /** The recorded state, if a sandbox was started in the state directory (whether or not it still runs). */
    public Optional<SandboxState> state(Path stateDir) {
        return new StateFile(stateDir.toAbsolutePath().normalize(), json).read();
    }

    /** Stops exactly what {@code up} started, keeping the database and the logs, and forgets the state. */
    public SandboxDown down(Path stateDir) {
        return down(stateDir, false);
    }

    /**
     * As {@link #down(Path)}; with {@code wipeData} the parts' data is deleted too (PostgreSQL's, Kafka's
     * and Kafka Connect's, {@link SandboxWipe}), also when the sandbox was stopped before.
     */
    public SandboxDown down(Path stateDir, boolean wipeData) {
        Path dir = stateDir.toAbsolutePath().normalize();
        StateFile stateFile = new StateFile(dir, json);
        Optional<SandboxState> recorded = stateFile.read();
        if (recorded.isEmpty()) {
            return new SandboxDown(false, List.of(), wipeData ? wipe.wipe(dir) : List.of());
        }
        List<StoppedPart> stopped = stopper.stop(recorded.get(), wipeData);
        SandboxDown result = new SandboxDown(true, stopped, List.of());
        if (result.clean()) {
            stateFile.delete();
            if (wipeData) {
                result = new SandboxDown(true, stopped, wipe.wipe(dir));
            }
        }
        return result;
    }

    private static String describe(SandboxStatus status) {
        List<String> parts = status.parts().stream()
                .map(p -> p.part().label() + (p.alive() ? " up" : " down"))
                .toList();
        return parts.isEmpty()
                ? "nothing started yet"
                : String.join(", ", parts) + (status.complete() ? "" : " (its start did not finish)");
    }
}
