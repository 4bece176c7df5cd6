package dev.strangler.playbook.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.playbook.check.Operation.Kind;
import dev.strangler.playbook.check.Operation.Outcome;
import dev.strangler.playbook.cutover.WriteCutover;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CutoverCheckReportTest {

    private static Operation write(long id, long value, long startMs, long endMs) {
        return Operation.invoked(id, "w", Kind.WRITE, 1, value, startMs * 1_000_000)
                .completed(endMs * 1_000_000, Outcome.OK, null, "200");
    }

    private static WriteCutover.Outcome outcome(long held, long drain, long barrier, Map<String, Long> steps) {
        return new WriteCutover.Outcome(held, 0, drain, barrier, Map.of(), null, new java.util.TreeMap<>(steps));
    }

    @Test
    void theLastLineSummarisesTheRunInTheDocumentedForm() {
        List<Operation> history = List.of(write(1, 100, 0, 10), write(2, 101, 20, 30));
        Verdict verdict = new HistoryChecker(Duration.ofSeconds(3))
                .check(history, Map.of(1L, 5L), Map.of(1L, 100L), Map.of(1L, 101L));
        CutoverCheck.Result result = new CutoverCheck.Result(
                verdict,
                history,
                List.of(new CutoverCheck.Cycle(
                        1,
                        CutoverCheckSettings.Fault.COMMAND,
                        List.of(137, 0),
                        List.of(0),
                        "killed the cutover after 900 ms",
                        0,
                        40_000_000,
                        List.of(new CutoverCheck.FaultWindow(
                                Instant.parse("2026-12-06T03:00:00Z"), Instant.parse("2026-12-06T03:00:05Z"))))),
                List.of(120L, 300L, 90L),
                List.of(120L, 90L),
                Map.of(
                        "cutover",
                        List.of(
                                outcome(180, 60, 30, Map.of("holding", 70L, "flipping", 90L)),
                                outcome(140, 40, 20, Map.of("holding", 50L, "flipping", 60L))),
                        "rollback",
                        List.of(outcome(110, 30, 25, Map.of("handing-back", 25L)))),
                2,
                0,
                List.of());
        StringWriter text = new StringWriter();

        result.report(new PrintWriter(text));

        String[] lines = text.toString().split("\n");
        assertThat(lines[lines.length - 1])
                .as("one superseded write in the monolith, and the service disagrees")
                .isEqualTo(
                        "cycles=1 replicas=2 writes=2 acknowledged=2 lost=1 stale_reads=0 parity=DIFF hold_p50_ms=120 hold_p99_ms=300"
                                + " holds=3 clear_of_faults=2 clear_hold_p50_ms=90 clear_hold_p99_ms=120");
        assertThat(text.toString())
                .as("where the clean runs' time went, per direction")
                .contains("| | cutover (2 runs) | rollback (1 runs) |")
                .contains("| writes held (the gateway's measure) | 140 / 180 / 180 | 110 / 110 / 110 |")
                .contains("| step flipping | 60 / 90 / 90 | - |")
                .contains("| step handing-back | - | 25 / 25 / 25 |");
        assertThat(text.toString())
                .contains("| 1 | command | killed, then 0 | 0 | 2 | 2 | 0 | 0 | 0 | killed the cutover after 900 ms |")
                .contains("row 1 LOST: the monolith holds 100 from w's write");
        assertThat(result.passed()).isFalse();
    }

    @Test
    void withoutHoldTimesThePercentilesSayNotAvailable() {
        assertThat(CutoverCheckReport.percentile(List.of(), 99)).isEqualTo("n/a");
        assertThat(CutoverCheckReport.percentile(List.of(5L), 50)).isEqualTo("5");
    }

    @Test
    void theCheckRefusesToSendRequestsBeyondLoopback() {
        assertThatThrownBy(() -> new CutoverCheckSettings(
                        URI.create("http://example.com:8080"),
                        URI.create("http://127.0.0.1:9081"),
                        List.of(),
                        URI.create("http://127.0.0.1:8083"),
                        Path.of("plan.yaml"),
                        Path.of("sandbox"),
                        1,
                        2,
                        2,
                        1,
                        0.1,
                        1,
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(1),
                        List.of(),
                        List.of(),
                        null,
                        Path.of("h.jsonl"),
                        Duration.ofMillis(2500)))
                .hasMessageContaining("only against 127.0.0.1");
    }

    @Test
    void gatewayAndConnectFaultsNeedAHookThatRestartsWhatTheyKill() {
        assertThatThrownBy(() -> new CutoverCheckSettings(
                        URI.create("http://127.0.0.1:8080"),
                        URI.create("http://127.0.0.1:9081"),
                        List.of(),
                        URI.create("http://127.0.0.1:8083"),
                        Path.of("plan.yaml"),
                        Path.of("sandbox"),
                        1,
                        2,
                        2,
                        1,
                        0.1,
                        1,
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(1),
                        List.of(CutoverCheckSettings.Fault.CONNECT),
                        List.of(),
                        null,
                        Path.of("h.jsonl"),
                        Duration.ofMillis(2500)))
                .hasMessageContaining("need a fault hook");
    }
}
