package dev.strangler.playbook.replay;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.file.Path;

/**
 * A recording served by WireMock as it is: the recording directory is WireMock's root directory (its {@code
 * mappings/} are WireMock stub mappings), so the answers, placeholders included, are the recorded ones. Runs in this
 * JVM, on loopback unless told otherwise; the recording is read first, so a malformed one is refused with its file's
 * name rather than half served.
 */
public final class RecordingStubs implements AutoCloseable {

    private final WireMockServer server;

    private RecordingStubs(WireMockServer server) {
        this.server = server;
    }

    /** Serves the recording in {@code dir} on {@code port} (0: any free port) of {@code bindAddress}. */
    public static RecordingStubs start(Path dir, String bindAddress, int port) {
        Recording recording = RecordingReader.read(dir);
        WireMockServer server = new WireMockServer(options()
                .bindAddress(bindAddress)
                .port(port)
                .usingFilesUnderDirectory(recording.dir().toAbsolutePath().toString())
                .disableRequestJournal());
        server.start();
        return new RecordingStubs(server);
    }

    public URI url() {
        return URI.create(server.baseUrl());
    }

    /** How many stub mappings are served: one per recorded request. */
    public int mappings() {
        return server.getStubMappings().size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
