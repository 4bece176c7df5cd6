package dev.strangler.playbook.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The Kafka Connect REST URL option. */
public final class ConnectOption {
    @Option(
            names = "--connect",
            paramLabel = "URL",
            defaultValue = "${env:STRANGLER_CONNECT_URL:-http://127.0.0.1:8083}",
            description = "Kafka Connect REST API (env STRANGLER_CONNECT_URL; default ${DEFAULT-VALUE}).")
    public URI url;
}
