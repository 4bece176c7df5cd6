package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.api.RouteView;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API moves routes, flips the kill switch, and records who did what and why. */
class AdminApiTest extends GatewayTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeEach
    void routes() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("service")));
        useRoutes("""
                routes:
                  - {id: catalog-read, methods: [GET], paths: [/api/products/**], service: catalog, mode: monolith,
                     stick-by: [header:X-Device-Id]}
                """);
    }

    @Test
    void everyCallNeedsAValidTokenAndChangesNeedTheAdminToken() {
        assertThat(admin("GET", "/admin/routes", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/admin/routes", "wrong-token-wrong-token", null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(admin("GET", "/admin/routes", READ_TOKEN, null).statusCode()).isEqualTo(200);
        HttpResponse<String> readOnlyWrite =
                admin("PUT", "/admin/routes/catalog-read", READ_TOKEN, "{\"mode\":\"service\",\"reason\":\"try\"}");
        assertThat(readOnlyWrite.statusCode()).isEqualTo(403);
        assertThat(fetch("/api/products/1").body()).as("nothing changed").isEqualTo("monolith");
    }

    @Test
    void settingAModeMovesTrafficAndIsAuditedWithWhoAndWhy() throws Exception {
        HttpResponse<String> changed = admin(
                "PUT",
                "/admin/routes/catalog-read",
                ADMIN_TOKEN,
                "{\"mode\":\"canary\",\"percent\":100,\"reason\":\"ramp after clean shadow run\"}");
        assertThat(changed.statusCode()).isEqualTo(200);
        JsonNode view = JSON.readTree(changed.body());
        assertThat(view.get("mode").asString()).isEqualTo("canary");
        assertThat(view.get("overridden").asBoolean()).isTrue();
        assertThat(fetch("/api/products/1", "X-Device-Id", "any").body()).isEqualTo("service");

        JsonNode audit = JSON.readTree(
                admin("GET", "/admin/audit?limit=5", READ_TOKEN, null).body());
        JsonNode last = audit.get(audit.size() - 1);
        assertThat(last.get("route").asString()).isEqualTo("catalog-read");
        assertThat(last.get("from").asString()).isEqualTo("monolith");
        assertThat(last.get("to").asString()).isEqualTo("canary 100.0%");
        assertThat(last.get("reason").asString()).isEqualTo("ramp after clean shadow run");
        assertThat(last.get("who").asString()).isEqualTo("admin");
        assertThat(Files.readString(DIR.resolve("state/audit.log"))).contains("ramp after clean shadow run");
        assertThat(Files.readString(DIR.resolve("state/overrides.json")))
                .contains("catalog-read")
                .contains("canary");
    }

    @Test
    void theKillSwitchSendsEverythingToTheMonolithAtOnceAndBack() {
        admin("PUT", "/admin/routes/catalog-read", ADMIN_TOKEN, "{\"mode\":\"service\",\"reason\":\"cut over\"}");
        assertThat(fetch("/api/products/1").body()).isEqualTo("service");

        assertThat(admin("POST", "/admin/kill-switch", ADMIN_TOKEN, "{\"reason\":\"errors spiking\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(fetch("/api/products/1").body()).isEqualTo("monolith");

        assertThat(admin("DELETE", "/admin/kill-switch?reason=recovered", ADMIN_TOKEN, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(fetch("/api/products/1").body()).isEqualTo("service");
    }

    @Test
    void badChangesAreRefusedWithTheReason() {
        assertThat(admin("PUT", "/admin/routes/catalog-read", ADMIN_TOKEN, "{\"mode\":\"service\"}")
                        .body())
                .contains("a reason is required");
        assertThat(admin("PUT", "/admin/routes/catalog-read", ADMIN_TOKEN, "{\"mode\":\"half\",\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(admin(
                                "PUT",
                                "/admin/routes/catalog-read",
                                ADMIN_TOKEN,
                                "{\"mode\":\"canary\",\"percent\":101,\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(admin("PUT", "/admin/routes/nope", ADMIN_TOKEN, "{\"mode\":\"service\",\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(admin("PUT", "/admin/routes/catalog-read", ADMIN_TOKEN, "{not json")
                        .statusCode())
                .isEqualTo(400);
        assertThat(fetch("/api/products/1").body()).isEqualTo("monolith");
    }

    @Test
    void aFileChangeToTheRouteClearsTheApiOverride() {
        admin("PUT", "/admin/routes/catalog-read", ADMIN_TOKEN, "{\"mode\":\"service\",\"reason\":\"try it\"}");
        useRoutes("""
                routes:
                  - {id: catalog-read, methods: [GET], paths: [/api/products/**], service: catalog, mode: shadow}
                """);
        assertThat(routes.current().overrides()).doesNotContainKey("catalog-read");
        assertThat(fetch("/api/products/1").body()).isEqualTo("monolith");
    }

    @Test
    void routesListShowsLiveModeAndCounters() throws Exception {
        fetch("/api/products/1");
        JsonNode list =
                JSON.readTree(admin("GET", "/admin/routes", READ_TOKEN, null).body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asString()).isEqualTo("catalog-read");
        assertThat(list.get(0).get("counters").get("monolith").asLong()).isPositive();
    }

    @Test
    void anOverrideOfARouteWhoseServiceTheFileRemovesIsDroppedAndAuditedSoItsRequestsStillSucceed() throws Exception {
        admin("PUT", "/admin/routes/catalog-read", ADMIN_TOKEN, "{\"mode\":\"service\",\"reason\":\"cut over\"}");

        useRoutes("""
                routes:
                  - {id: catalog-read, methods: [GET], paths: [/api/products/**], mode: monolith}
                """);

        HttpResponse<String> answer = fetch("/api/products/1");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("monolith");
        assertThat(routes.current().overrides()).doesNotContainKey("catalog-read");
        JsonNode last = lastAuditEntry();
        assertThat(last.get("route").asString()).isEqualTo("catalog-read");
        assertThat(last.get("from").asString()).isEqualTo("service");
        assertThat(last.get("to").asString()).isEqualTo("monolith");
        assertThat(last.get("reason").asString()).contains("names no service").contains("admin override dropped");
    }

    @Test
    void aNegativeAuditLimitIsABadRequestWithAProblemBody() throws Exception {
        HttpResponse<String> answer = admin("GET", "/admin/audit?limit=-1", READ_TOKEN, null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JSON.readTree(answer.body()).get("detail").asString()).contains("limit must be between 1 and");
    }

    @Test
    void settingTheModeTheRouteAlreadyHasChangesNothingAndIsNotAudited() throws Exception {
        JsonNode before = lastAuditEntry();

        HttpResponse<String> same = admin(
                "PUT", "/admin/routes/catalog-read", ADMIN_TOKEN, "{\"mode\":\"monolith\",\"reason\":\"make sure\"}");

        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(same.body()).get("overridden").asBoolean())
                .as("no override for the mode the file gives")
                .isFalse();
        assertThat(JSON.readTree(same.body()).get("changed").asBoolean())
                .as("the answer says nothing changed")
                .isFalse();
        assertThat(routes.current().overrides()).doesNotContainKey("catalog-read");
        assertThat(lastAuditEntry())
                .as("no audit entry for a change that changes nothing")
                .isEqualTo(before);
    }

    @Test
    void theRouteViewShowsTheShareTheServiceTakesNowNotAnEarlierCanaryPercent() throws Exception {
        admin(
                "PUT",
                "/admin/routes/catalog-read",
                ADMIN_TOKEN,
                "{\"mode\":\"canary\",\"percent\":25,\"reason\":\"ramp\"}");

        JsonNode service = JSON.readTree(admin(
                        "PUT",
                        "/admin/routes/catalog-read",
                        ADMIN_TOKEN,
                        "{\"mode\":\"service\",\"reason\":\"cut over\"}")
                .body());

        assertThat(service.get("mode").asString()).isEqualTo("service");
        assertThat(service.get("percent").asDouble())
                .as("in service mode the service takes every request")
                .isEqualTo(100.0);
    }

    @Test
    void aRouteViewKeepsItsFieldsAndOnlyTheAnswerToAChangeSaysWhetherItChangedAnything() throws Exception {
        JsonNode view = JSON.readTree(
                admin("GET", "/admin/routes/catalog-read", READ_TOKEN, null).body());
        JsonNode change = JSON.readTree(
                admin("PUT", "/admin/routes/catalog-read", ADMIN_TOKEN, "{\"mode\":\"shadow\",\"reason\":\"compare\"}")
                        .body());

        assertThat(names(view))
                .as("the fields the admin API has always shown, in their order")
                .containsExactly(
                        "id",
                        "service",
                        "methods",
                        "paths",
                        "mode",
                        "percent",
                        "fileMode",
                        "overridden",
                        "killSwitch",
                        "tableVersion",
                        "counters");
        assertThat(names(view.get("counters")))
                .containsExactly(
                        "monolith",
                        "service",
                        "fallbacks",
                        "shadowMatches",
                        "shadowMismatches",
                        "shadowDropped",
                        "shadowErrors");
        assertThat(names(change))
                .as("a change's answer adds whether it changed anything")
                .endsWith("counters", "changed");
        RouteView typed = JSON.readValue(change.toString(), RouteView.class);
        assertThat(typed.mode()).as("the record the playbook's client reads").isEqualTo("shadow");
        assertThat(typed.changed()).isTrue();
    }

    private static List<String> names(JsonNode object) {
        return object.properties().stream().map(Map.Entry::getKey).toList();
    }

    private JsonNode lastAuditEntry() throws Exception {
        JsonNode audit = JSON.readTree(
                admin("GET", "/admin/audit?limit=1", READ_TOKEN, null).body());
        return audit.isEmpty() ? null : audit.get(0);
    }
}
