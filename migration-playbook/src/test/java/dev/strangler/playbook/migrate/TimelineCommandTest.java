package dev.strangler.playbook.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.api.AuditEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's audit log and migrate's progress read as one timeline, oldest first. */
class TimelineCommandTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void gatewayChangesAndMigrateEventsInterleaveByTimeAndSayWhereEachCameFrom() {
        List<AuditEntry> audit = List.of(
                new AuditEntry(
                        T.plusSeconds(1), "admin", "api", "catalog-read", "monolith", "shadow", "migrate step 1"),
                new AuditEntry(T.plusSeconds(9), "admin", "api", "catalog-read", "shadow", "monolith", "rolled back"));
        List<MigrateState.Event> events = List.of(
                new MigrateState.Event(T.plusSeconds(1), "catalog", "shadow", "step-started", "routes to shadow"),
                new MigrateState.Event(T.plusSeconds(8), "catalog", "shadow", "gate-failed", "mismatch 3 of 40"));

        List<String> lines = TimelineCommand.merge(audit, events, null).stream()
                .map(TimelineCommand::text)
                .toList();

        assertThat(lines)
                .containsExactly(
                        "2026-12-06T10:00:01Z gateway catalog-read: monolith -> shadow | by admin (api): migrate step 1",
                        "2026-12-06T10:00:01Z migrate catalog [shadow] step-started | routes to shadow",
                        "2026-12-06T10:00:08Z migrate catalog [shadow] gate-failed | mismatch 3 of 40",
                        "2026-12-06T10:00:09Z gateway catalog-read: shadow -> monolith | by admin (api): rolled back");
    }

    @Test
    void sinceKeepsOnlyWhatHappenedFromThen() {
        List<MigrateState.Event> events = List.of(
                new MigrateState.Event(T, "catalog", null, "reset", "progress forgotten"),
                new MigrateState.Event(T.plusSeconds(60), "catalog", null, "done", "every step passed"));

        assertThat(TimelineCommand.merge(List.of(), events, T.plusSeconds(30)))
                .extracting(TimelineCommand.Line::what)
                .containsExactly("catalog done");
    }
}
