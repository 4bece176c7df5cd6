package dev.strangler.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.gateway.api.MigrationProgress;
import dev.strangler.gateway.api.StreamLag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationProgressRecordsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:05:00Z");

    @TempDir
    Path dir;

    @Test
    void aFeaturesProgressSurvivesARestartOfTheGatewayAsTheDriverReportedIt() {
        records().put(progress("catalog", "waiting for data: shadow comparisons 12 of 20"));

        MigrationProgress after = records().get("catalog");

        assertThat(after.next()).isEqualTo("waiting for data: shadow comparisons 12 of 20");
        assertThat(after.streams()).containsExactly(new StreamLag("catalog_forward", "running", 850L, null, NOW));
        assertThat(after.ownership()).containsEntry("products", List.of("price", "title"));
        assertThat(after.updatedAt()).as("when the gateway received it").isEqualTo(NOW);
    }

    @Test
    void everyFeatureIsListedSortedByNameAndARemovedOneIsGoneAfterARestart() {
        MigrationProgressRecords records = records();
        records.put(progress("search", "bake"));
        records.put(progress("catalog", "bake"));
        records.put(progress("basket", "bake"));

        assertThat(records.remove("search")).isTrue();
        assertThat(records.remove("search")).as("nothing left to forget").isFalse();

        assertThat(records().all()).extracting(MigrationProgress::feature).containsExactly("basket", "catalog");
    }

    @Test
    void anUnreadableFileShowsNoProgressAndTheNextReportReplacesIt() throws Exception {
        Files.writeString(dir.resolve("migrations.json"), "{not json");

        MigrationProgressRecords records = records();
        assertThat(records.all())
                .as("progress decides nothing: the gateway starts")
                .isEmpty();

        records.put(progress("catalog", "bake"));
        assertThat(records().all()).extracting(MigrationProgress::feature).containsExactly("catalog");
    }

    @Test
    void aFieldANewerGatewayAddedIsIgnored() throws Exception {
        Files.writeString(
                dir.resolve("migrations.json"),
                "{\"catalog\":{\"feature\":\"catalog\",\"step\":1,\"steps\":2,\"status\":\"running\","
                        + "\"next\":\"bake\",\"fromTheFuture\":true}}");

        assertThat(records().get("catalog").next()).isEqualTo("bake");
    }

    @Test
    void aNewFeatureBeyondTheLimitIsRefusedAndAKnownOneIsStillUpdated() {
        MigrationProgressRecords records = records();
        for (int i = 0; i < MigrationProgressRecords.MAX_FEATURES; i++) {
            records.put(progress("feature-" + i, "bake"));
        }

        assertThatThrownBy(() -> records.put(progress("one-more", "bake")))
                .isInstanceOf(MigrationProgressRecords.TooManyFeatures.class)
                .hasMessageContaining("DELETE /admin/migrations/{feature}");
        assertThat(records.put(progress("feature-0", "gates passed")).next()).isEqualTo("gates passed");
    }

    private MigrationProgressRecords records() {
        return new MigrationProgressRecords(
                new MigrationProgressRecords.InFile(dir.resolve("migrations.json")), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static MigrationProgress progress(String feature, String next) {
        return new MigrationProgress(
                feature,
                List.of("catalog-read"),
                List.of(),
                2,
                5,
                "canary 10%",
                "running",
                NOW.minusSeconds(300),
                next,
                List.of("shadow mismatch rate 0.0% <= 1%: waiting (12 of 20 comparisons)"),
                List.of(new StreamLag("catalog_forward", "running", 850L, null, NOW)),
                Map.of("products", List.of("price", "title")),
                null);
    }
}
