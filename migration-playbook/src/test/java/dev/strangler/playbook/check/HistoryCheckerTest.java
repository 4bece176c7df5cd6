package dev.strangler.playbook.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.playbook.check.Operation.Kind;
import dev.strangler.playbook.check.Operation.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCheckerTest {

    private static final long ROW = 7;
    private static final long INITIAL = 1999;
    private final HistoryChecker checker = new HistoryChecker(Duration.ofSeconds(3));
    private final List<Operation> history = new ArrayList<>();

    /** A write by {@code caller} of {@code value} cents to the row, from {@code start} to {@code end} milliseconds. */
    private Operation write(String caller, long value, long start, long end, Outcome outcome) {
        Operation op = Operation.invoked(history.size(), caller, Kind.WRITE, ROW, value, ms(start))
                .completed(ms(end), outcome, null, null);
        history.add(op);
        return op;
    }

    private Operation read(String caller, long value, long start, long end) {
        Operation op = Operation.invoked(history.size(), caller, Kind.READ, ROW, null, ms(start))
                .completed(ms(end), Outcome.OK, value, "200");
        history.add(op);
        return op;
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    private Verdict finalValue(long monolith, long service) {
        return checker.check(history, Map.of(ROW, INITIAL), Map.of(ROW, monolith), Map.of(ROW, service));
    }

    @Test
    void theLastAcknowledgedWriteAsFinalValueIsFine() {
        write("a", 100, 0, 10, Outcome.OK);
        write("a", 101, 20, 30, Outcome.OK);

        Verdict v = finalValue(101, 101);

        assertThat(v.passed()).as("the later write is in both databases").isTrue();
        assertThat(v.acknowledged()).isEqualTo(2);
    }

    @Test
    void aFinalValueOverwrittenByALaterAcknowledgedWriteIsALostUpdate() {
        write("a", 100, 0, 10, Outcome.OK);
        Operation later = write("b", 101, 20, 30, Outcome.OK);

        Verdict v = finalValue(100, 100);

        assertThat(v.lost())
                .as("b's write started after a's ended and was acknowledged, yet a's value is final")
                .isEqualTo(1);
        assertThat(v.rows().get(0).acknowledgedMissing())
                .as("the write that should be final is named")
                .containsExactly(later);
        assertThat(v.rows().get(0).explanation()).contains("monolith holds 100 from a's write");
        assertThat(v.passed()).isFalse();
    }

    @Test
    void anAcknowledgedWriteMissingWhileTheRowStillHoldsItsInitialValueIsLost() {
        write("a", 100, 0, 10, Outcome.OK);

        Verdict v = finalValue(INITIAL, INITIAL);

        assertThat(v.lost())
                .as("the only acknowledged write never reached either database")
                .isEqualTo(1);
        assertThat(v.rows().get(0).explanation()).contains("the initial value");
    }

    @Test
    void eitherOfTwoConcurrentAcknowledgedWritesMayBeFinal() {
        write("a", 100, 0, 50, Outcome.OK);
        write("b", 101, 10, 40, Outcome.OK);

        assertThat(finalValue(100, 100).passed())
                .as("a's write overlapped b's: either order is linearizable")
                .isTrue();
        assertThat(finalValue(101, 101).passed()).as("and the other order too").isTrue();
        assertThat(finalValue(101, 101).rows().get(0).allowed()).containsExactly(100L, 101L);
    }

    @Test
    void aWriteOfUnknownOutcomeMayOrMayNotBeFinal() {
        write("a", 100, 0, 10, Outcome.OK);
        write("b", 101, 20, 30, Outcome.UNKNOWN);
        write("a", 102, 40, 50, Outcome.OK);

        assertThat(finalValue(102, 102).passed())
                .as("the timed-out write may never have been applied")
                .isTrue();
        assertThat(finalValue(101, 101).passed())
                .as("or applied late, after a's last write")
                .isTrue();
        assertThat(finalValue(100, 100).lost())
                .as("a's first write is still superseded by a's acknowledged second one")
                .isEqualTo(1);
    }

    @Test
    void aFailedWriteIsNeverAnAllowedFinalValue() {
        write("a", 100, 0, 10, Outcome.OK);
        write("b", 101, 20, 30, Outcome.FAILED);

        assertThat(finalValue(101, 101).lost())
                .as("b was told its write was not applied, yet it is the price")
                .isEqualTo(1);
        assertThat(finalValue(100, 100).passed()).isTrue();
    }

    @Test
    void withoutAnyAcknowledgedWriteTheInitialValueMayStay() {
        write("a", 100, 0, 10, Outcome.FAILED);
        write("b", 101, 0, 10, Outcome.UNKNOWN);

        assertThat(finalValue(INITIAL, INITIAL).passed()).isTrue();
        assertThat(finalValue(101, 101).passed()).isTrue();
        assertThat(finalValue(555, 555).lost()).as("a value no write sent").isEqualTo(1);
    }

    @Test
    void aReadOfAnOlderValueRightAfterTheCallersOwnWriteIsStale() {
        Operation older = write("b", 100, 0, 10, Outcome.OK);
        Operation own = write("a", 101, 20, 30, Outcome.OK);
        Operation read = read("a", 100, 500, 510);

        Verdict v = finalValue(101, 101);

        assertThat(v.staleReads())
                .as("a read b's older value 470 ms after its own write was acknowledged")
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.read()).isEqualTo(read);
                    assertThat(s.ownWrite()).isEqualTo(own);
                    assertThat(s.returned()).contains(older.caller() + "'s write");
                });
        assertThat(v.passed()).isFalse();
    }

    @Test
    void aReadOfTheInitialValueAfterTheCallersOwnWriteIsStale() {
        write("a", 101, 20, 30, Outcome.OK);
        read("a", INITIAL, 40, 50);

        assertThat(finalValue(101, 101).staleReads())
                .singleElement()
                .satisfies(s -> assertThat(s.returned()).contains("initial value"));
    }

    @Test
    void aReadOfAConcurrentWriteByAnotherCallerIsNotStale() {
        write("a", 100, 0, 30, Outcome.OK);
        write("b", 101, 10, 60, Outcome.OK);
        read("a", 101, 70, 80);
        read("a", 100, 40, 45);

        Verdict v = finalValue(101, 101);

        assertThat(v.staleReads())
                .as("b's write overlapped a's: either may be newer")
                .isEmpty();
        assertThat(v.passed()).isTrue();
    }

    @Test
    void aReadAfterTheReadYourWritesWindowIsNotJudged() {
        write("b", 100, 0, 10, Outcome.OK);
        write("a", 101, 20, 30, Outcome.OK);
        read("a", 100, 30 + 3_001, 30 + 3_010);

        assertThat(finalValue(101, 101).staleReads())
                .as("past the window the sides may lag behind")
                .isEmpty();
    }

    @Test
    void differentValuesInTheTwoDatabasesAreAParityDiff() {
        write("a", 100, 0, 50, Outcome.OK);
        write("b", 101, 10, 40, Outcome.OK);

        Verdict v = finalValue(100, 101);

        assertThat(v.lost()).as("each value alone is allowed").isZero();
        assertThat(v.parityExact())
                .as("but the monolith and the service disagree")
                .isFalse();
        assertThat(v.rows().get(0).explanation())
                .contains("the monolith holds 100")
                .contains("the service holds 101");
        assertThat(v.passed()).isFalse();
    }

    @Test
    void aRowMissingInTheServiceIsAParityDiffAndLost() {
        write("a", 100, 0, 10, Outcome.OK);

        Verdict v = checker.check(history, Map.of(ROW, INITIAL), Map.of(ROW, 100L), Map.of());

        assertThat(v.parityExact()).isFalse();
        assertThat(v.rows().get(0).serviceLost()).isTrue();
    }

    @Test
    void aHistoryCutShortByAKillStillChecksWithTheInFlightWriteAsUnknown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("history.jsonl");
        try (OperationLog log = new OperationLog(file)) {
            Operation done = Operation.invoked(1, "a", Kind.WRITE, ROW, 100L, ms(0));
            log.append(done);
            log.append(done.completed(ms(10), Outcome.OK, null, "200"));
            log.append(Operation.invoked(2, "b", Kind.WRITE, ROW, 101L, ms(20)));
            log.append(Operation.invoked(3, "b", Kind.READ, ROW, null, ms(20)));
        }
        Files.writeString(
                file, Files.readString(file) + "{\"id\":4,\"caller\":\"a\",\"ki", StandardOpenOption.TRUNCATE_EXISTING);

        OperationLog.History h = OperationLog.read(file);

        assertThat(h.unreadableLines()).as("the torn last line").isEqualTo(1);
        assertThat(h.operations())
                .extracting(Operation::id, Operation::outcome)
                .containsExactly(Tuple.tuple(1L, Outcome.OK), Tuple.tuple(2L, Outcome.UNKNOWN));
        Verdict v = checker.check(h.operations(), Map.of(ROW, INITIAL), Map.of(ROW, 101L), Map.of(ROW, 101L));
        assertThat(v.passed())
                .as("the write in flight at the kill may have been applied")
                .isTrue();
    }
}
