package dev.strangler.gateway.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the route file by polling its content (robust to editors that replace the file, to
 * symlink swaps such as Kubernetes ConfigMaps, and to file systems without change events) and hands
 * each new version of the text to {@code apply} (which validates it and swaps the live table, or keeps the old one).
 */
public final class RouteFileWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RouteFileWatcher.class);

    private final Path file;
    private final Duration interval;
    private final Consumer<String> apply;
    private ScheduledExecutorService executor;
    private String lastText;

    public RouteFileWatcher(Path file, Duration interval, Consumer<String> apply, String initialText) {
        this.file = file;
        this.interval = interval;
        this.apply = apply;
        this.lastText = initialText;
    }

    /** Reads the file once and applies it if its text changed; public so tests and the admin API can force a check. */
    public synchronized void checkNow() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            if (lastText != null) {
                log.warn("route file {} cannot be read ({}); the current table stays live", file, e.getMessage());
                lastText = null;
            }
            return;
        }
        if (text.equals(lastText)) {
            return;
        }
        lastText = text;
        apply.accept(text);
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "route-file-watcher");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(
                () -> {
                    // Anything thrown out of here would end the schedule: hot reload would stop for good, silently.
                    try {
                        checkNow();
                    } catch (RuntimeException | Error e) {
                        log.error(
                                "route file check failed; the current table stays live and the next edit is checked",
                                e);
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
