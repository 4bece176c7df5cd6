package dev.strangler.infra.kafka;

import dev.strangler.infra.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The one Kafka broker and Connect worker of a test JVM: started on first use on free ports, killed
 * when the JVM exits. Tests keep apart by naming their own connectors and topics.
 */
public final class SharedKafka {

    private SharedKafka() {}

    private static final class Holder {
        static final KafkaBroker BROKER;
        static final ConnectWorker CONNECT;

        static {
            try {
                Path dir = Files.createTempDirectory("strangler-test-kafka");
                KafkaRuntime runtime = KafkaRuntime.locate();
                BROKER = KafkaBroker.at(runtime, dir.resolve("kafka"), FreePorts.pick(), FreePorts.pick())
                        .start();
                try {
                    CONNECT = ConnectWorker.at(
                                    runtime,
                                    extraPlugins(),
                                    BROKER.bootstrapServers(),
                                    dir.resolve("connect"),
                                    FreePorts.pick(),
                                    "strangler-test")
                            .start();
                } catch (RuntimeException e) {
                    BROKER.kill(); // no shutdown hook is registered yet: the broker would outlive this JVM
                    throw e;
                }
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    CONNECT.kill();
                                    BROKER.kill();
                                },
                                "stop-shared-kafka"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static KafkaBroker broker() {
        return Holder.BROKER;
    }

    public static ConnectWorker connect() {
        return Holder.CONNECT;
    }

    /** Plugin directories named by the {@code strangler.connect.plugins} property (comma-separated), for our own plugin. */
    private static List<Path> extraPlugins() {
        String value = System.getProperty("strangler.connect.plugins", "");
        return value.isBlank()
                ? List.of()
                : Arrays.stream(value.split(","))
                        .map(String::trim)
                        .map(Path::of)
                        .toList();
    }
}
