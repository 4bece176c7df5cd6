package dev.strangler.infra.kafka;

import dev.strangler.infra.process.Commands;
import dev.strangler.infra.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A single-node Kafka (KRaft, combined broker and controller) as a plain JVM process on 127.0.0.1,
 * with its data in a directory of its own: formatted once, then started, stopped, killed and
 * restarted as fault tests need.
 */
public final class KafkaBroker implements AutoCloseable {

    private final KafkaRuntime runtime;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final JavaServer server;

    private KafkaBroker(KafkaRuntime runtime, Path dir, int port, int controllerPort, List<String> jvmArgs) {
        this.runtime = runtime;
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.server = new JavaServer(
                "kafka",
                runtime,
                "kafka.Kafka",
                List.of(this.dir.resolve("server.properties").toString()),
                this.dir,
                "768m",
                jvmArgs);
    }

    /** A broker in {@code dir} (created and formatted when new) on {@code port}; not started yet. */
    public static KafkaBroker at(KafkaRuntime runtime, Path dir, int port, int controllerPort) {
        return at(runtime, dir, port, controllerPort, List.of());
    }

    /** As {@link #at(KafkaRuntime, Path, int, int)}, with extra JVM arguments (e.g. markers that identify the process later). */
    public static KafkaBroker at(KafkaRuntime runtime, Path dir, int port, int controllerPort, List<String> jvmArgs) {
        KafkaBroker broker = new KafkaBroker(runtime, dir, port, controllerPort, jvmArgs);
        broker.prepare();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** Where a broker in {@code dir} keeps its topics (its log directory, formatted on the first start). */
    public static Path logDirOf(Path dir) {
        return dir.toAbsolutePath().resolve("data");
    }

    public long pid() {
        return server.pid();
    }

    public Path log() {
        return server.log();
    }

    public KafkaBroker start() {
        server.start(() -> FreePorts.isListening(port), Duration.ofSeconds(60));
        return this;
    }

    public void stop() {
        server.stop();
    }

    /** SIGKILL, as in a crash. */
    public void kill() {
        server.kill();
    }

    public boolean isRunning() {
        return server.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private void prepare() {
        Path logs = logDirOf(dir);
        if (Files.exists(logs.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logs);
            Files.writeString(
                    dir.resolve("server.properties"), """
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@127.0.0.1:%d
                    listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d
                    advertised.listeners=PLAINTEXT://127.0.0.1:%d
                    controller.listener.names=CONTROLLER
                    inter.broker.listener.name=PLAINTEXT
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                    log.dirs=%s
                    num.partitions=1
                    offsets.topic.replication.factor=1
                    offsets.topic.num.partitions=10
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    auto.create.topics.enable=true
                    """.formatted(controllerPort, port, controllerPort, port, logs));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka directory " + dir, e);
        }
        String clusterId;
        do {
            byte[] uuid = new byte[16];
            new SecureRandom().nextBytes(uuid);
            clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(uuid);
        } while (clusterId.startsWith("-")); // the format tool would read it as an option
        Commands.run(
                null,
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        runtime.classpath(),
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        clusterId,
                        "-c",
                        dir.resolve("server.properties").toString()),
                120);
    }
}
