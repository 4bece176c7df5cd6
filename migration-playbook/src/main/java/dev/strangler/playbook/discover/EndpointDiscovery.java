package dev.strangler.playbook.discover;

import dev.strangler.playbook.discover.endpoints.EndpointCatalog;
import dev.strangler.playbook.discover.endpoints.EndpointGroup;
import dev.strangler.playbook.discover.endpoints.OpenApiPaths;
import dev.strangler.playbook.discover.endpoints.RecordedExchange;
import dev.strangler.playbook.discover.endpoints.Recording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code strangler discover --recording / --openapi}, and the endpoints they lead to. */
final class EndpointDiscovery {

    @Option(
            names = "--recording",
            paramLabel = "DIR",
            description = "A recording `strangler record` wrote (recording.json and WireMock stub mappings).")
    Path recording;

    @Option(
            names = "--openapi",
            paramLabel = "FILE|URL",
            description = "The monolith's OpenAPI 3 document (JSON or YAML), alone or with --recording.")
    String openapi;

    @Option(
            names = "--monolith-url",
            paramLabel = "URL",
            description = "The monolith, as the gateway reaches it: required to write the draft route file.")
    String monolithUrl;

    @Option(
            names = "--group-depth",
            paramLabel = "N",
            defaultValue = "2",
            description = "Literal path segments per group (default ${DEFAULT-VALUE}: /api/books/**; "
                    + "3 for a monolith under a context path, /app/api/books/**).")
    int groupDepth;

    @Option(
            names = "--gateway-jar",
            paramLabel = "FILE",
            description = "The gateway jar that checks the draft (default: strangler-gateway/target/ of the checkout).")
    Path gatewayJar;

    boolean requested() {
        return recording != null || openapi != null;
    }

    /** Where the endpoints came from, for the draft's header. */
    String sources() {
        List<String> from = new ArrayList<>();
        if (recording != null) {
            from.add("the recording " + recording);
        }
        if (openapi != null) {
            from.add("the OpenAPI document " + openapi);
        }
        return String.join(" and ", from);
    }

    List<EndpointGroup> groups() {
        if (monolithUrl != null && !monolithUrl.matches("https?://[^/\\s]+.*")) {
            throw new IllegalArgumentException("--monolith-url '" + monolithUrl
                    + "': give the monolith's http:// or https:// URL, such as http://legacy:8080");
        }
        List<RecordedExchange> recorded = recording == null ? List.of() : Recording.read(recording);
        List<OpenApiPaths.Operation> documented = openapi == null ? List.of() : OpenApiPaths.read(openapi);
        return EndpointCatalog.of(recorded, documented, groupDepth);
    }
}
