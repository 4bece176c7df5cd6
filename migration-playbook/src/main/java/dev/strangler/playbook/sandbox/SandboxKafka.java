package dev.strangler.playbook.sandbox;

import dev.strangler.infra.kafka.ConnectWorker;
import dev.strangler.infra.kafka.KafkaBroker;
import dev.strangler.infra.kafka.KafkaRuntime;
import java.nio.file.Path;
import java.util.List;

/**
 * The sandbox's Kafka broker and Kafka Connect worker, started with the toolkit's launchers and
 * marked like every other Java part, so {@code status} and {@code down} treat them the same way.
 * Their data lives in {@code <state>/kafka-<port>} and {@code <state>/connect-<port>}.
 */
final class SandboxKafka {

    private final SandboxSettings settings;
    private final KafkaRuntime runtime;

    SandboxKafka(SandboxSettings settings) {
        this.settings = settings;
        this.runtime = KafkaRuntime.locate();
    }

    /** The broker's directory for a state directory and port. */
    static Path brokerDirFor(Path stateDir, int port) {
        return stateDir.resolve("kafka-" + port);
    }

    /**
     * Where the broker keeps its topics, Kafka Connect's internal ones (connectors, their offsets) among
     * them; formatted on the first start, kept by {@code down}.
     */
    static Path dataDirFor(Path stateDir, int port) {
        return KafkaBroker.logDirOf(brokerDirFor(stateDir, port));
    }

    RunningPart startBroker() {
        KafkaBroker broker = KafkaBroker.at(
                runtime,
                brokerDirFor(settings.stateDir(), settings.kafkaPort()),
                settings.kafkaPort(),
                settings.kafkaPort() + 1,
                PartProcesses.markers(SandboxPart.KAFKA, settings.stateDir()));
        try {
            broker.start();
        } catch (RuntimeException e) {
            throw new SandboxStartException(
                    SandboxPart.KAFKA,
                    "Kafka did not start: " + e.getMessage(),
                    broker.log(),
                    LogTail.of(broker.log(), 40),
                    e);
        }
        return new RunningPart(
                SandboxPart.KAFKA,
                broker.pid(),
                settings.kafkaPort(),
                broker.bootstrapServers(),
                "tcp://127.0.0.1:" + settings.kafkaPort(),
                broker.log());
    }

    /** Starts the worker without waiting for its REST API (plugin scanning takes a while; the starter waits later). */
    RunningPart launchConnect() {
        Path plugins = settings.home()
                .resolve("cdc-connectors")
                .resolve("connect-plugin")
                .resolve("target")
                .resolve("plugin");
        ConnectWorker worker = ConnectWorker.at(
                runtime,
                List.of(plugins),
                "127.0.0.1:" + settings.kafkaPort(),
                settings.stateDir().resolve("connect-" + settings.connectPort()),
                settings.connectPort(),
                "strangler-sandbox",
                PartProcesses.markers(SandboxPart.CONNECT, settings.stateDir()));
        long pid = worker.launch();
        String url = "http://127.0.0.1:" + settings.connectPort();
        return new RunningPart(
                SandboxPart.CONNECT, pid, settings.connectPort(), url, url + "/connectors", worker.log());
    }
}
