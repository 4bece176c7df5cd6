package dev.strangler.infra.kafka;

import dev.strangler.infra.process.DetachedProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A server JVM started from the Kafka runtime's classpath as a detached process, with its log in its
 * own directory. It can be stopped gracefully, killed with SIGKILL (for fault tests) and started again.
 */
final class JavaServer {

    private final String name;
    private final List<String> command;
    private final Path dir;
    private volatile long pid = -1;

    JavaServer(
            String name,
            KafkaRuntime runtime,
            String mainClass,
            List<String> args,
            Path dir,
            String heap,
            List<String> jvmArgs) {
        this.name = name;
        this.dir = dir;
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Xmx" + heap);
        c.add("-Dstrangler.infra.server=" + name);
        c.addAll(jvmArgs);
        c.add("-Dlog4j2.configurationFile=" + writeLogConfig(dir));
        c.add("-cp");
        c.add(runtime.classpath());
        c.add(mainClass);
        c.addAll(args);
        this.command = List.copyOf(c);
    }

    Path log() {
        return dir.resolve(name + ".log");
    }

    long pid() {
        return pid;
    }

    boolean isAlive() {
        return pid > 0 && DetachedProcesses.isAlive(pid);
    }

    /** Starts the process and returns its pid without waiting for it to be ready. */
    long launch() {
        pid = DetachedProcesses.start(command, dir, log());
        return pid;
    }

    void start(BooleanSupplier ready, Duration timeout) {
        launch();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited while starting; see " + log() + "\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                String tail = tail();
                stop(); // nobody else knows its pid: a server left running here outlives the JVM that started it
                throw new IllegalStateException(
                        name + " was not ready within " + timeout.toSeconds() + " s; see " + log() + "\n" + tail);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    void stop() {
        if (pid > 0) {
            DetachedProcesses.stop(pid, Duration.ofSeconds(30));
        }
    }

    /** SIGKILL: the process gets no chance to flush or deregister, as in a crash. */
    void kill() {
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            DetachedProcesses.waitForExit(pid, Duration.ofSeconds(10));
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static Path writeLogConfig(Path dir) {
        Path file = dir.resolve("log4j2.properties");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, """
                    status = warn
                    appender.console.type = Console
                    appender.console.name = out
                    appender.console.layout.type = PatternLayout
                    appender.console.layout.pattern = %d{ISO8601} %-5p [%t] %c{1}: %m%n
                    rootLogger.level = info
                    rootLogger.appenderRef.out.ref = out
                    logger.kafka.name = kafka
                    logger.kafka.level = warn
                    logger.kafkaorg.name = org.apache.kafka
                    logger.kafkaorg.level = warn
                    logger.connect.name = org.apache.kafka.connect.runtime.WorkerSourceTask
                    logger.connect.level = info
                    logger.debezium.name = io.debezium
                    logger.debezium.level = info
                    """);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
