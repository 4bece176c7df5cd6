package dev.strangler.playbook.cdc;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.cdc.metrics.CdcMetrics;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.cdc.sync.StreamStatus;
import dev.strangler.cdc.sync.SyncBarrier;
import dev.strangler.playbook.cli.ConnectOption;
import dev.strangler.playbook.cli.DurationConverter;
import dev.strangler.playbook.cli.ListenAddressConverter;
import dev.strangler.playbook.cli.PlanOptions;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code strangler cdc}: change-data capture streams from a migration plan. */
@Command(
        name = "cdc",
        mixinStandardHelpOptions = true,
        description =
                "Change-data capture streams from a migration plan: render, apply, status, metrics, barrier, remove.",
        subcommands = {
            CdcCommand.Render.class,
            CdcCommand.Apply.class,
            CdcCommand.Status.class,
            CdcCommand.Metrics.class,
            CdcCommand.Barrier.class,
            CdcCommand.Remove.class
        })
public final class CdcCommand {

    static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * How the database passwords go into connector configs: {@code redact} (printing only),
     * {@code literal}, or {@code file:<path>} (a reference Kafka Connect's FileConfigProvider resolves
     * on the worker, so the config topic keeps no password).
     */
    static final class SecretsConverter implements CommandLine.ITypeConverter<ConnectorConfigs.Secrets> {
        @Override
        public ConnectorConfigs.Secrets convert(String value) {
            if (value.equals("redact")) {
                return ConnectorConfigs.Secrets.REDACTED;
            }
            if (value.equals("literal")) {
                return ConnectorConfigs.Secrets.LITERAL;
            }
            if (value.startsWith("file:") && value.length() > "file:".length()) {
                return ConnectorConfigs.Secrets.fileReferences(value.substring("file:".length()));
            }
            throw new CommandLine.TypeConversionException("'" + value
                    + "': use redact, literal or file:<path of a properties file on the " + "Connect worker>");
        }
    }

    static final String SECRETS_HELP =
            " file:<path> writes each password as ${file:<path>:<stream>.source.password} (and "
                    + "<stream>.target.password), which the worker's FileConfigProvider resolves (config.providers=file, "
                    + "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider): Connect's config topic then "
                    + "holds no password.";

    @Command(
            name = "render",
            mixinStandardHelpOptions = true,
            description =
                    "Prints the Kafka Connect connector configs the plan generates (JSON), as you would submit them to your own cluster.")
    static final class Render implements Callable<Integer> {
        @Mixin
        PlanOptions plan;

        @Option(
                names = "--secrets",
                paramLabel = "redact|literal|file:PATH",
                defaultValue = "redact",
                converter = SecretsConverter.class,
                description = "How passwords are printed (default ${DEFAULT-VALUE}: as ********)." + SECRETS_HELP)
        ConnectorConfigs.Secrets secrets;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            MigrationPlan p = plan.read();
            Map<String, Object> out = new LinkedHashMap<>();
            for (MigrationPlan.Stream s : plan.streams(p)) {
                for (ConnectorConfigs.Connector c : ConnectorConfigs.of(s, secrets)) {
                    out.put(c.name(), Map.of("name", c.name(), "config", c.config()));
                }
            }
            spec.commandLine().getOut().println(JSON.writeValueAsString(out.values()));
            return 0;
        }
    }

    @Command(
            name = "apply",
            mixinStandardHelpOptions = true,
            description =
                    "Validates the plan against its databases, creates the sync marker tables and PUTs the connectors "
                            + "to Kafka Connect (idempotent: applying twice changes nothing), then restarts their failed tasks, if any.")
    static final class Apply implements Callable<Integer> {
        @Mixin
        PlanOptions plan;

        @Mixin
        ConnectOption connect;

        @Option(
                names = "--secrets",
                paramLabel = "literal|file:PATH",
                defaultValue = "literal",
                converter = SecretsConverter.class,
                description =
                        "How passwords go to Kafka Connect (default ${DEFAULT-VALUE}: as they are; Connect stores them in its "
                                + "config topic)." + SECRETS_HELP)
        ConnectorConfigs.Secrets secrets;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            MigrationPlan p = plan.read();
            CdcStreams streams = new CdcStreams(new ConnectClient(connect.url), secrets);
            for (MigrationPlan.Stream s : plan.streams(p)) {
                List<String> restarted = streams.apply(plan.plan.toString(), p, s);
                spec.commandLine()
                        .getOut()
                        .println("stream " + s.name() + ": connectors " + ConnectorConfigs.sourceName(s) + " and "
                                + ConnectorConfigs.sinkName(s) + " applied; topic " + ConnectorConfigs.topic(s)
                                + (restarted.isEmpty()
                                        ? ""
                                        : "; restarted what had failed: " + String.join(", ", restarted)));
            }
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Every stream of the plan, reverse streams too: connector and task states (a failed task with its cause), "
                            + "replication slot WAL retained, source tables without a replica identity, and the lag of a marker sent now. "
                            + "Exit 1 when anything needs attention.")
    static final class Status implements Callable<Integer> {
        @Mixin
        PlanOptions plan;

        @Mixin
        ConnectOption connect;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Option(
                names = "--lag-timeout",
                defaultValue = "10s",
                description = "How long to wait for the marker (default ${DEFAULT-VALUE}).",
                converter = DurationConverter.class)
        Duration lagTimeout;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            MigrationPlan p = plan.read();
            CdcStreams streams = new CdcStreams(new ConnectClient(connect.url));
            PrintWriter out = spec.commandLine().getOut();
            boolean healthy = true;
            List<StreamStatus> all = new ArrayList<>();
            for (MigrationPlan.Stream s : plan.streamsWithReverse(p)) {
                StreamStatus st = streams.status(s, lagTimeout);
                all.add(st);
                healthy &= st.healthy();
            }
            if (json) {
                out.println(JSON.writeValueAsString(all));
            } else {
                for (StreamStatus st : all) {
                    if (!st.applied()) {
                        out.println("stream " + st.stream()
                                + ": not applied (a reverse stream starts at the write cutover)");
                        continue;
                    }
                    out.println("stream " + st.stream() + ": " + (st.healthy() ? "OK" : "NEEDS ATTENTION"));
                    st.connectors()
                            .forEach(c -> out.println("  " + c.name() + ": " + c.state() + " tasks " + c.taskStates()));
                    out.println("  slot: "
                            + (st.slot().exists()
                                    ? (st.slot().active() ? "active" : "inactive") + ", "
                                            + (st.slot().retainedWalBytes() / 1024) + " KiB WAL retained"
                                    : "missing"));
                    out.println("  lag: "
                            + (st.lag() == null ? "unknown" : st.lag().toMillis() + " ms") + " (marker sent now); "
                            + (st.heartbeat() == null
                                    ? "no heartbeat yet"
                                    : st.heartbeat().lag().toMillis() + " ms (last heartbeat, applied "
                                            + st.heartbeat().age().toMillis() + " ms ago)"));
                    st.notes().forEach(n -> out.println("  ! " + n));
                }
            }
            return healthy ? 0 : 1;
        }
    }

    @Command(
            name = "metrics",
            mixinStandardHelpOptions = true,
            description =
                    "Serves every stream of the plan (reverse streams too; --stream narrows it) as Prometheus metrics at "
                            + "GET /metrics until stopped: connectors running and their failed tasks, the replication slot and "
                            + "the WAL it holds back, the last heartbeat's lag and age. It only reads (Kafka Connect's status API, "
                            + "the slot, the target's heartbeat marker; no marker is sent), at most every 2 s however often it "
                            + "is scraped. The alert rules for these series are in deploy/monitoring/strangler-alerts.yml.")
    static final class Metrics implements Callable<Integer> {
        @Mixin
        PlanOptions plan;

        @Mixin
        ConnectOption connect;

        @Option(
                names = "--listen",
                paramLabel = "HOST:PORT",
                defaultValue = "127.0.0.1:9464",
                converter = ListenAddressConverter.class,
                description =
                        "Where to serve (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0:9464 for a Prometheus "
                                + "on another machine; port 0 picks a free one).")
        InetSocketAddress listen;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            MigrationPlan p = plan.read();
            List<MigrationPlan.Stream> streams = plan.streamsWithReverse(p);
            CdcMetrics metrics = new CdcMetrics(new CdcStreams(new ConnectClient(connect.url)), streams);
            try (MetricsServer server = MetricsServer.start(listen, metrics)) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("serving the metrics of stream(s) "
                        + streams.stream().map(MigrationPlan.Stream::name).toList() + " at " + server.url()
                        + " (Kafka Connect at " + connect.url + "); stop with Ctrl-C");
                out.flush();
                // Until the process is stopped (or, in a test, this thread interrupted).
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    @Command(
            name = "barrier",
            mixinStandardHelpOptions = true,
            description =
                    "Returns only when everything committed in the source before the call is applied in the target, or fails "
                            + "after the timeout with the reason, or at once when a task of the stream has failed (with its cause). "
                            + "Exit 0 passed, 1 timed out or failed.")
    static final class Barrier implements Callable<Integer> {
        @Mixin
        PlanOptions plan;

        @Mixin
        ConnectOption connect;

        @Option(
                names = "--timeout",
                defaultValue = "30s",
                converter = DurationConverter.class,
                description = "Give up after this long (default ${DEFAULT-VALUE}).")
        Duration timeout;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            MigrationPlan p = plan.read();
            for (MigrationPlan.Stream s : plan.streams(p)) {
                try {
                    SyncBarrier.Passed passed = new SyncBarrier(new ConnectClient(connect.url)).await(s, timeout);
                    spec.commandLine()
                            .getOut()
                            .println("stream " + s.name() + ": barrier passed after "
                                    + passed.waited().toMillis() + " ms (marker lag "
                                    + passed.lag().toMillis() + " ms)");
                } catch (SyncBarrier.TimedOut | SyncBarrier.StreamFailed e) {
                    spec.commandLine().getErr().println(e.getMessage());
                    return 1;
                }
            }
            return 0;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description =
                    "Takes a stream down for good: stops and deletes its connectors and their offsets, then drops its replication "
                            + "slot (which would otherwise keep WAL in the source forever) and publication. The data stays.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        PlanOptions plan;

        @Mixin
        ConnectOption connect;

        @Option(
                names = "--timeout",
                defaultValue = "60s",
                converter = DurationConverter.class,
                description =
                        "How long to wait for the connectors to stop and the slot to be released (default ${DEFAULT-VALUE}).")
        Duration timeout;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            MigrationPlan p = plan.read();
            if (!plan.namesStreams()) {
                throw new IllegalArgumentException(
                        "name the stream to remove with --stream (removing is never done for a whole plan)");
            }
            CdcStreams streams = new CdcStreams(new ConnectClient(connect.url));
            for (MigrationPlan.Stream s : plan.streams(p)) {
                List<String> done = streams.remove(s, timeout);
                spec.commandLine()
                        .getOut()
                        .println("stream " + s.name() + ": "
                                + (done.isEmpty() ? "nothing to remove" : String.join("; ", done)));
            }
            return 0;
        }
    }
}
