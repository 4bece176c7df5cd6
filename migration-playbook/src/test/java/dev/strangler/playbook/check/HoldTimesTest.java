package dev.strangler.playbook.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.api.AuditEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldTimesTest {

    private static final Instant T = Instant.parse("2026-12-06T03:00:00Z");

    private static AuditEntry entry(long atMillis, String route, String from, String to) {
        return new AuditEntry(T.plusMillis(atMillis), "admin", "api", route, from, to, "write cutover");
    }

    @Test
    void aClosingReopenedBeforeTheGrantIsNotAHoldAndTheGrantedOneCountsUpToItsRelease() {
        List<AuditEntry> audit = List.of(
                entry(0, "catalog-write", "not held", "held (limit 10000 ms) after 900 ms waiting"),
                entry(104, "catalog-write", "held", "reopened after 104 ms: not granted yet"),
                entry(120, "catalog-read", "not held", "held"),
                entry(500, "catalog-write", "not held", "held (limit 10000 ms) after 1400 ms waiting"),
                entry(690, "catalog-write", "held", "released after 190 ms, 2 request(s) held"));

        assertThat(HoldTimes.closings(audit, "catalog-write", T))
                .extracting(HoldTimes.Closing::millis)
                .containsExactly(190L);
        assertThat(HoldTimes.closings(audit, "catalog-write", T.plusMillis(200)))
                .as("only holds since the run began")
                .extracting(HoldTimes.Closing::millis)
                .containsExactly(190L);
    }

    @Test
    void aHoldLastsAsLongAsTheReplicaThatClosedFirstAndReleasedLastKeptItsGateClosed() {
        // One cutover: the first replica closed at 0 and released at 190; the second closed at 40 and
        // followed the release 90 ms later; the third closed last. Then a rollback 5 s later.
        List<HoldTimes.Closing> first = List.of(closing(0, 190), closing(5_000, 5_150));
        List<HoldTimes.Closing> second = List.of(closing(40, 280), closing(5_010, 5_160));
        List<HoldTimes.Closing> third = List.of(closing(100, 200));

        assertThat(HoldTimes.longestPerHold(List.of(first, second, third)))
                .extracting(HoldTimes.Hold::millis)
                .containsExactly(240L, 150L);
    }

    @Test
    void aHoldSpansItsFirstClosingToItsLastReleaseToTellWhetherAFaultStruckWhileItLasted() {
        List<HoldTimes.Hold> holds = HoldTimes.longestPerHold(
                List.of(List.of(closing(0, 190), closing(5_000, 5_150)), List.of(closing(40, 280))));

        assertThat(holds.get(0).overlaps(T.plusMillis(250), T.plusMillis(3_000)))
                .as("a kill 250 ms in: the second replica still held")
                .isTrue();
        assertThat(holds.get(0).overlaps(T.plusMillis(300), T.plusMillis(3_000)))
                .as("a kill after every replica released")
                .isFalse();
        assertThat(holds.get(1).overlaps(T.plusMillis(300), T.plusMillis(3_000)))
                .as("a hold that began after the part was back")
                .isFalse();
        assertThat(holds.get(1).overlaps(T.plusMillis(300), T.plusMillis(5_000)))
                .isTrue();
    }

    private static HoldTimes.Closing closing(long closed, long released) {
        return new HoldTimes.Closing(T.plusMillis(closed), T.plusMillis(released));
    }
}
