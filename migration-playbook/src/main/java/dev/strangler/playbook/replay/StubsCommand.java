package dev.strangler.playbook.replay;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler stubs --recording DIR}: serves a recording with WireMock until stopped (Ctrl-C), so a service's
 * tests can use the monolith as it answered real callers, and a replay against it matches.
 */
@Command(
        name = "stubs",
        mixinStandardHelpOptions = true,
        description = {
            "Serve a recording (`strangler record`) with WireMock until stopped: the monolith's recorded answers as a"
                    + " stand-in for a service's tests. Redacted values stay as recorded placeholders.",
            "The directory is a WireMock root directory as it is: `wiremock --root-dir DIR` serves it the same way."
        })
public final class StubsCommand implements Callable<Integer> {

    @Option(
            names = "--recording",
            required = true,
            paramLabel = "DIR",
            description = "The recording directory (recording.json, mappings/, callers.json).")
    Path recording;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "The port to serve on (default: any free port; the URL is printed).")
    int port;

    @Option(
            names = "--bind-address",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        RecordingStubs stubs = RecordingStubs.start(recording, bindAddress, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stubs.close();
            stopped.countDown();
        }));
        PrintWriter out = spec.commandLine().getOut();
        out.println("serving " + stubs.mappings() + " recorded answers of " + recording + " at " + stubs.url()
                + " (Ctrl-C stops)");
        out.flush();
        stopped.await();
        return 0;
    }
}
