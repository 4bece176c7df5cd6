package dev.strangler.playbook.replay;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A recording directory read whole: its manifest's format, its exchanges by mapping id, and the order of each
 * caller's requests ({@code callers.json}), callers in the order of their first request.
 */
record Recording(Path dir, Map<String, RecordedExchange> exchanges, Map<String, List<String>> callers) {

    static final String FORMAT = "strangler-recording/1";
}
