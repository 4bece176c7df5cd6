package dev.strangler.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.api.MigrationProgress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code strangler migrate} reports each feature's progress to the gateway, which keeps it for the status page. */
class MigrationProgressApiTest extends GatewayTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeEach
    void routes() {
        useRoutes("""
                routes:
                  - {id: catalog-read, methods: [GET], paths: [/api/products/**], service: catalog, mode: monolith}
                """);
    }

    /** A whole report, as migrate sends it, with {@code "key": value} pairs replaced or added by {@code changes}. */
    static String report(String feature, String... changes) {
        StringBuilder body = new StringBuilder("{\"feature\":\"" + feature + "\",\"routes\":[\"catalog-read\"],"
                + "\"writeRoutes\":[\"catalog-write\"],\"step\":2,\"steps\":5,\"phase\":\"canary 10%\","
                + "\"status\":\"running\",\"since\":\"2026-12-01T10:00:00Z\","
                + "\"next\":\"waiting for data: shadow comparisons 12 of 20\","
                + "\"lastGates\":[\"error rate increase 0.1% <= 1%: pass\"],"
                + "\"streams\":[{\"stream\":\"catalog_forward\",\"state\":\"running\",\"lagMillis\":850,"
                + "\"walRetainedBytes\":52428800,\"checkedAt\":\"2026-12-01T10:05:00Z\"}],"
                + "\"ownership\":{\"products\":[\"price\",\"title\"]}");
        for (String change : changes) {
            body.append(',').append(change);
        }
        return body.append('}').toString();
    }

    @Test
    void aReportPutWithTheAdminTokenIsReadBackWithTheReadTokenEveryFeatureSortedByName() throws Exception {
        Instant before = Instant.now();
        assertThat(admin("PUT", "/admin/migrations/search", ADMIN_TOKEN, report("search"))
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> put = admin("PUT", "/admin/migrations/catalog", ADMIN_TOKEN, report("catalog"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        HttpResponse<String> read = admin("GET", "/admin/migrations", READ_TOKEN, null);

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        List<MigrationProgress> all = JSON.readValue(read.body(), new TypeReference<List<MigrationProgress>>() {});
        assertThat(all).extracting(MigrationProgress::feature).containsExactly("catalog", "search");
        MigrationProgress catalog = all.get(0);
        assertThat(catalog.next()).isEqualTo("waiting for data: shadow comparisons 12 of 20");
        assertThat(catalog.step()).isEqualTo(2);
        assertThat(catalog.steps()).isEqualTo(5);
        assertThat(catalog.phase()).isEqualTo("canary 10%");
        assertThat(catalog.writeRoutes()).containsExactly("catalog-write");
        assertThat(catalog.since()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(catalog.streams().get(0).lagMillis()).isEqualTo(850L);
        assertThat(catalog.streams().get(0).walRetainedBytes()).isEqualTo(52_428_800L);
        assertThat(catalog.ownership()).containsEntry("products", List.of("price", "title"));
        assertThat(catalog.updatedAt())
                .as("stamped by the gateway when it received the report")
                .isAfterOrEqualTo(before.minusMillis(1));
        assertThat(Files.readString(DIR.resolve("state/migrations.json")))
                .as("kept in the state directory, as the cutover records are")
                .contains("shadow comparisons 12 of 20");
    }

    @Test
    void aNewReportReplacesTheFeaturesLastOneAndIsNotWrittenToTheAuditLog() throws Exception {
        JsonNode lastAudit = lastAuditEntry();
        admin("PUT", "/admin/migrations/catalog", ADMIN_TOKEN, report("catalog"));

        HttpResponse<String> again = admin(
                "PUT",
                "/admin/migrations/catalog",
                ADMIN_TOKEN,
                report("catalog", "\"step\":3", "\"phase\":\"service\"", "\"next\":\"bake 4 min 10 s left\""));

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode all = JSON.readTree(
                admin("GET", "/admin/migrations", READ_TOKEN, null).body());
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("step").asInt()).isEqualTo(3);
        assertThat(all.get(0).get("next").asString()).isEqualTo("bake 4 min 10 s left");
        assertThat(lastAuditEntry()).as("progress changes no routing").isEqualTo(lastAudit);
    }

    @Test
    void readingNeedsAValidTokenAndReportingOrForgettingNeedsTheAdminToken() throws Exception {
        assertThat(admin("GET", "/admin/migrations", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/admin/migrations", "wrong-token-wrong-token", null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(admin("PUT", "/admin/migrations/catalog", null, report("catalog"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(admin("PUT", "/admin/migrations/catalog", READ_TOKEN, report("catalog"))
                        .statusCode())
                .isEqualTo(403);
        admin("PUT", "/admin/migrations/catalog", ADMIN_TOKEN, report("catalog"));
        assertThat(admin("DELETE", "/admin/migrations/catalog", READ_TOKEN, null)
                        .statusCode())
                .isEqualTo(403);

        assertThat(JSON.readTree(admin("GET", "/admin/migrations", READ_TOKEN, null)
                                .body())
                        .get(0)
                        .get("feature")
                        .asString())
                .as("still there")
                .isEqualTo("catalog");
    }

    @Test
    void forgettingAFeatureRemovesItsProgressAndForgettingItAgainIsNotFound() throws Exception {
        admin("PUT", "/admin/migrations/catalog", ADMIN_TOKEN, report("catalog"));

        HttpResponse<String> removed = admin("DELETE", "/admin/migrations/catalog", ADMIN_TOKEN, null);

        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(removed.body()).contains("\"removed\":true");
        assertThat(JSON.readTree(
                        admin("GET", "/admin/migrations", READ_TOKEN, null).body()))
                .isEmpty();
        HttpResponse<String> again = admin("DELETE", "/admin/migrations/catalog", ADMIN_TOKEN, null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("no progress of 'catalog' reported");
    }

    @Test
    void aMalformedReportIsRefusedWithA400ThatNamesEveryProblemAndKeepsNothing() throws Exception {
        assertRefused("/admin/migrations/catalog", report("other"), "feature must be the feature the path names");
        assertRefused("/admin/migrations/Catalog_1", report("Catalog_1"), "must match [a-z][a-z0-9-]{0,40}");
        assertRefused(
                "/admin/migrations/catalog",
                report("catalog", "\"step\":6", "\"status\":\"half way\""),
                "step must be between 1 and steps (5)",
                "status must be one of");
        assertRefused("/admin/migrations/catalog", report("catalog", "\"steps\":0"), "steps must be between 1 and");
        assertRefused(
                "/admin/migrations/catalog",
                report("catalog", "\"step\":0"),
                "step must be between 1 and steps (5), or 0 while not started");
        assertRefused(
                "/admin/migrations/catalog",
                report("catalog", "\"next\":\"" + "x".repeat(1_001) + "\""),
                "next must be at most 1000 characters");
        assertRefused(
                "/admin/migrations/catalog",
                report("catalog", "\"routes\":[\"catalog-read\", null, \" \"]"),
                "routes[1] must not be blank",
                "routes[2] must not be blank");
        assertRefused(
                "/admin/migrations/catalog",
                report("catalog", "\"lastGates\":[" + "\"g\",".repeat(50) + "\"g\"]"),
                "lastGates may hold at most 50 results");
        assertRefused(
                "/admin/migrations/catalog",
                report("catalog", "\"streams\":[{\"stream\":\"s\",\"lagMillis\":-1}, null]"),
                "streams[0].lagMillis must not be negative",
                "streams[1] must not be null");
        assertRefused(
                "/admin/migrations/catalog",
                report("catalog", "\"ownership\":{\"products\":[\"price\", \"\"]}"),
                "ownership.products[1] must not be blank");
        assertRefused("/admin/migrations/catalog", "{not json", "unreadable body");
        assertRefused(
                "/admin/migrations/catalog",
                report("catalog", "\"step\":\"two\""),
                "unreadable body",
                "\"two\"",
                "MigrationProgress[\"step\"]");
        assertRefused("/admin/migrations/catalog", "", "send the feature's progress");

        assertThat(JSON.readTree(
                        admin("GET", "/admin/migrations", READ_TOKEN, null).body()))
                .as("nothing kept")
                .isEmpty();
    }

    @Test
    void aFieldANewerDriverSendsIsIgnored() {
        HttpResponse<String> put = admin(
                "PUT", "/admin/migrations/catalog", ADMIN_TOKEN, report("catalog", "\"fromTheFuture\":{\"a\":1}"));

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).doesNotContain("fromTheFuture");
    }

    @Test
    void aReportTooLargeToReadIsRefusedAsTooLargeNotAsAServerError() throws Exception {
        HttpResponse<String> answer = admin(
                "PUT",
                "/admin/migrations/catalog",
                ADMIN_TOKEN,
                report("catalog", "\"padding\":\"" + "x".repeat(300_000) + "\""));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    private void assertRefused(String path, String body, String... details) throws Exception {
        HttpResponse<String> answer = admin("PUT", path, ADMIN_TOKEN, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JSON.readTree(answer.body()).get("detail").asString()).contains(details);
    }

    private JsonNode lastAuditEntry() throws Exception {
        JsonNode audit = JSON.readTree(
                admin("GET", "/admin/audit?limit=1", READ_TOKEN, null).body());
        return audit.isEmpty() ? null : audit.get(0);
    }
}
