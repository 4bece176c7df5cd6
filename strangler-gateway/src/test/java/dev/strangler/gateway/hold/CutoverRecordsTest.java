package dev.strangler.gateway.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.gateway.audit.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CutoverRecordsTest {

    @TempDir
    Path dir;

    @Test
    void aHoldingCutoverSurvivesARestartOfTheGatewaySoItsRoutesStayFenced() {
        CutoverRecords before = records();
        before.put(
                "catalog",
                "cutover",
                List.of("catalog-write"),
                "handing-over",
                true,
                Map.of("reverse", "catalog_reverse"),
                "strangler");

        CutoverRecords after = records();

        assertThat(after.mustHold("catalog-write")).isTrue();
        assertThat(after.mustHold("catalog-read")).isFalse();
        assertThat(after.get("catalog").step()).isEqualTo("handing-over");
        assertThat(after.get("catalog").detail()).containsEntry("reverse", "catalog_reverse");
    }

    @Test
    void aCutoverThatStopsHoldingOrIsRemovedFencesNothing() {
        CutoverRecords records = records();
        records.put("catalog", "cutover", List.of("catalog-write"), "holding", true, Map.of(), "strangler");
        records.put("catalog", "cutover", List.of("catalog-write"), "releasing", false, Map.of(), "strangler");
        assertThat(records.mustHold("catalog-write")).isFalse();

        records.put("catalog", "cutover", List.of("catalog-write"), "holding", true, Map.of(), "strangler");
        assertThat(records.remove("catalog", "strangler", "done")).isTrue();
        assertThat(records.mustHold("catalog-write")).isFalse();
        assertThat(records().all()).isEmpty();
    }

    @Test
    void anUnreadableRecordFileStopsTheGatewayRatherThanForgettingAHalfDoneCutover() throws Exception {
        Files.writeString(dir.resolve("cutovers.json"), "{not json");

        assertThatThrownBy(this::records)
                .hasMessageContaining("cannot read the cutover records")
                .hasMessageContaining("fix the file rather than delete it");
    }

    private CutoverRecords records() {
        return new CutoverRecords(
                new CutoverRecords.InFile(dir.resolve("cutovers.json")),
                new AuditLog(dir.resolve("audit.log"), Clock.systemUTC()),
                Clock.systemUTC());
    }
}
