package dev.strangler.infra.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the jars of the broker and the Connect worker ({@code kafka-lib}) and the Connect plugins
 * ({@code connect-plugins}) are: assembled by the {@code cdc-connectors/kafka-runtime} module.
 */
public record KafkaRuntime(Path libDir, Path pluginDir) {

    static final String RELATIVE = "cdc-connectors/kafka-runtime/target";

    /** The classpath of the broker and the worker: every jar in {@code kafka-lib}. */
    public String classpath() {
        return libDir.toAbsolutePath() + "/*";
    }

    /**
     * Finds the assembled runtime from {@code STRANGLER_KAFKA_RUNTIME}, the {@code strangler.home}
     * property, or the working directory and its parents; fails with how to build it.
     */
    public static KafkaRuntime locate() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("STRANGLER_KAFKA_RUNTIME");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        String home = System.getProperty("strangler.home");
        if (home != null && !home.isBlank()) {
            candidates.add(Path.of(home).resolve(RELATIVE));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            candidates.add(p.resolve(RELATIVE));
        }
        for (Path target : candidates) {
            if (Files.isDirectory(target.resolve("kafka-lib"))
                    && Files.isDirectory(target.resolve("connect-plugins"))) {
                return new KafkaRuntime(target.resolve("kafka-lib"), target.resolve("connect-plugins"));
            }
        }
        throw new IllegalStateException(
                "the Kafka runtime is not assembled: run `mvn -q package -pl cdc-connectors/kafka-runtime` "
                        + "in the toolkit's root (or set STRANGLER_KAFKA_RUNTIME to its target directory)");
    }
}
