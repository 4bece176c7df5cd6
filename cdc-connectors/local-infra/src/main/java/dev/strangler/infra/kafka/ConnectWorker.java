package dev.strangler.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Kafka Connect worker in distributed mode as a plain JVM process, with its REST API on
 * 127.0.0.1 and the given plugin directories on its plugin path. Its three internal topics have
 * replication factor 1. It can be stopped, killed with SIGKILL and started again.
 */
public final class ConnectWorker implements AutoCloseable {

    private final int restPort;
    private final JavaServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ConnectWorker(KafkaRuntime runtime, Path dir, int restPort, List<String> jvmArgs) {
        this.restPort = restPort;
        this.server = new JavaServer(
                "connect",
                runtime,
                "org.apache.kafka.connect.cli.ConnectDistributed",
                List.of(dir.resolve("connect.properties").toString()),
                dir,
                "1g",
                jvmArgs);
    }

    /**
     * A worker in {@code dir} joining {@code groupId} on the broker; {@code pluginDirs} are added to
     * the runtime's own plugin directory (Debezium's connectors).
     */
    public static ConnectWorker at(
            KafkaRuntime runtime,
            List<Path> pluginDirs,
            String bootstrapServers,
            Path dir,
            int restPort,
            String groupId) {
        return at(runtime, pluginDirs, bootstrapServers, dir, restPort, groupId, List.of());
    }

    /** As above, with extra JVM arguments (e.g. markers that identify the process later). */
    public static ConnectWorker at(
            KafkaRuntime runtime,
            List<Path> pluginDirs,
            String bootstrapServers,
            Path dir,
            int restPort,
            String groupId,
            List<String> jvmArgs) {
        String pluginPath = Stream.concat(Stream.of(runtime.pluginDir()), pluginDirs.stream())
                .map(p -> p.toAbsolutePath().toString())
                .collect(Collectors.joining(","));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("connect.properties"), """
                    bootstrap.servers=%s
                    group.id=%s
                    listeners=http://127.0.0.1:%d
                    rest.advertised.host.name=127.0.0.1
                    rest.advertised.port=%d
                    key.converter=org.apache.kafka.connect.json.JsonConverter
                    value.converter=org.apache.kafka.connect.json.JsonConverter
                    key.converter.schemas.enable=true
                    value.converter.schemas.enable=true
                    offset.storage.topic=%s-offsets
                    config.storage.topic=%s-configs
                    status.storage.topic=%s-status
                    offset.storage.replication.factor=1
                    config.storage.replication.factor=1
                    status.storage.replication.factor=1
                    offset.flush.interval.ms=1000
                    connector.client.config.override.policy=All
                    # One worker: when it loses its group membership (a broker restart), its tasks are
                    # "lost" and by default reassigned only after 5 minutes; there is no other worker to wait for.
                    scheduled.rebalance.max.delay.ms=0
                    plugin.path=%s
                    # KIP-898: find plugins by their ServiceLoader manifests only. Debezium's, Kafka's and ours
                    # (connect-plugin's META-INF/services) all have them; the reflective scan of every class on
                    # the plugin path took most of the worker's start (78 s of 100 on a loaded two-core machine).
                    plugin.discovery=service_load
                    """.formatted(
                            bootstrapServers, groupId, restPort, restPort, groupId, groupId, groupId, pluginPath));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Connect directory " + dir, e);
        }
        return new ConnectWorker(runtime, dir.toAbsolutePath(), restPort, jvmArgs);
    }

    /** The REST API, e.g. {@code http://127.0.0.1:8083}. */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    public long pid() {
        return server.pid();
    }

    public Path log() {
        return server.log();
    }

    /** Starts the worker and waits until its REST API answers (plugin scanning takes a few seconds). */
    public ConnectWorker start() {
        server.start(this::restAnswers, Duration.ofSeconds(120));
        return this;
    }

    /** Starts the worker without waiting for its REST API; returns its pid. */
    public long launch() {
        return server.launch();
    }

    public void stop() {
        server.stop();
    }

    /** SIGKILL, as in a crash: no graceful rebalance, no offset flush. */
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

    private boolean restAnswers() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(restUrl().resolve("/connectors"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
