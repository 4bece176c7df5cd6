package dev.strangler.gateway.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteFileWatcherTest {

    @TempDir
    Path dir;

    @Test
    void aVersionWhoseCheckThrowsAnErrorDoesNotStopLaterEditsFromBeingApplied() throws Exception {
        Path file = dir.resolve("routes.yaml");
        Files.writeString(file, "first");
        List<String> applied = new CopyOnWriteArrayList<>();
        RouteFileWatcher watcher = new RouteFileWatcher(
                file,
                Duration.ofMillis(20),
                text -> {
                    if (text.equals("poison")) {
                        throw new StackOverflowError("the check of this version blew up");
                    }
                    applied.add(text);
                },
                "first");
        watcher.start();
        try {
            Files.writeString(file, "poison");
            Thread.sleep(200);
            Files.writeString(file, "second");

            await().atMost(Duration.ofSeconds(2))
                    .untilAsserted(() ->
                            assertThat(applied).as("edits after the failed one").contains("second"));
        } finally {
            watcher.stop();
        }
    }
}
