package dev.strangler.infra.postgres;

import dev.strangler.infra.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one PostgreSQL cluster of a test JVM: started on first use on a free port, stopped and removed
 * when the JVM exits. Each test class or suite asks for a database of its own with
 * {@link #freshDatabase(String)}, so tests never share data by accident.
 */
public final class SharedPostgres {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private SharedPostgres() {}

    private static final class Holder {
        static final PostgresCluster CLUSTER = startForThisJvm();
    }

    /** The running cluster of this JVM. */
    public static PostgresCluster cluster() {
        return Holder.CLUSTER;
    }

    /**
     * The environment a test's migration plan is read with: {@value #PASSWORD_VARIABLE} is the shared
     * cluster's password (a plan writes {@code password: "${STRANGLER_TEST_DB_PASSWORD}"}), anything
     * else comes from the process environment.
     */
    public static String environment(String name) {
        return PASSWORD_VARIABLE.equals(name) ? cluster().password() : System.getenv(name);
    }

    /** The variable {@link #environment(String)} answers with the shared cluster's password. */
    public static final String PASSWORD_VARIABLE = "STRANGLER_TEST_DB_PASSWORD";

    /**
     * The Spring Boot properties that point an app's datasource at {@code database} of the shared cluster: what a test
     * registers (a {@code @DynamicPropertySource}) so that the app under test uses it.
     */
    public static Map<String, String> springDatasource(String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", cluster().jdbcUrl(database));
        properties.put("spring.datasource.username", cluster().user());
        properties.put("spring.datasource.password", cluster().password());
        return properties;
    }

    /** A new empty database whose name starts with {@code prefix}; returns its name. */
    public static String freshDatabase(String prefix) {
        String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_" + COUNTER.incrementAndGet());
        cluster().createDatabase(name);
        return name;
    }

    private static PostgresCluster startForThisJvm() {
        Path base;
        try {
            base = Files.createTempDirectory("strangler-test-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // fsync off: a test cluster that dies with its JVM has no data worth making durable.
        PostgresCluster cluster = PostgresCluster.at(
                PostgresCluster.dataDirReachableFrom(base.resolve("data")),
                FreePorts.pick(),
                Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            cluster.destroy();
                            PostgresCluster.recordOf(base.resolve("data"))
                                    .toFile()
                                    .delete();
                            base.toFile().delete();
                        },
                        "stop-shared-postgres"));
        return cluster.start();
    }
}
