package dev.strangler.playbook.record;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.strangler.gateway.api.RecordedExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A recorded exchange as a WireMock stub mapping, built with WireMock's own builders so that {@code wiremock
 * --root-dir DIR} serves the recording as it is: the request matched by method, URL as sent, {@code Content-Type} and
 * {@code Accept}, and its body (as JSON when it is JSON); the response as the client got it; what the recording knows
 * beside in {@code metadata.strangler}. A request recorded several times with different answers gets them in order
 * ({@link Scenario}).
 */
final class StubMappings {

    /** The request headers a stub matches on: what selects the answer's shape, not who asks. */
    static final List<String> MATCHED_HEADERS = List.of("Content-Type", "Accept");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StubMappings() {}

    /**
     * The mapping's JSON as WireMock writes it, with {@code metadata.strangler} as the recording format has it: WireMock
     * leaves out null values, the format keeps them ({@code "route": null} when no route matched).
     */
    static String json(RecordedTraffic.Step step, Scenario scenario) {
        ObjectNode mapping = (ObjectNode) JSON.readTree(Json.write(of(step, scenario)));
        ((ObjectNode) mapping.get("metadata")).set("strangler", JSON.valueToTree(metadata(step)));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(mapping);
    }

    /**
     * Where a stub stands in a request's sequence of answers: a request recorded more than once with different answers
     * (a product read before and after an order took its stock) is served its answers in the recorded order, as
     * WireMock's scenario states; the last answer then stays.
     */
    record Scenario(String name, String requiredState, String nextState) {}

    /**
     * The scenario of each step (by sequence) whose request the recording holds more than once with different answers;
     * the others have none. A request is its method, URL, matched headers and body: what a stub matches on.
     */
    static Map<Integer, Scenario> scenarios(List<RecordedTraffic.Step> steps) {
        Map<String, List<RecordedTraffic.Step>> byRequest = new LinkedHashMap<>();
        for (RecordedTraffic.Step step : steps) {
            byRequest
                    .computeIfAbsent(matched(step.exchange()), k -> new ArrayList<>())
                    .add(step);
        }
        Map<Integer, Scenario> out = new LinkedHashMap<>();
        for (List<RecordedTraffic.Step> same : byRequest.values()) {
            if (same.stream().map(s -> answer(s.exchange())).distinct().count() < 2) {
                continue;
            }
            RecordedTraffic.Step first = same.get(0);
            String name = first.exchange().request().method() + " "
                    + first.exchange().request().url() + " #" + first.sequence();
            for (int i = 0; i < same.size(); i++) {
                out.put(
                        same.get(i).sequence(),
                        new Scenario(
                                name,
                                i == 0
                                        ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED
                                        : "answer " + (i + 1),
                                i == same.size() - 1 ? null : "answer " + (i + 2)));
            }
        }
        return out;
    }

    private static String matched(RecordedExchange e) {
        StringBuilder key = new StringBuilder(e.request().method())
                .append(' ')
                .append(e.request().url());
        for (String name : MATCHED_HEADERS) {
            key.append('\n').append(first(e.request().headers(), name));
        }
        return key.append('\n').append(e.request().body()).toString();
    }

    private static String answer(RecordedExchange e) {
        return e.response().status() + "\n" + e.response().body() + "\n"
                + e.response().base64Body();
    }

    static StubMapping of(RecordedTraffic.Step step, Scenario scenario) {
        RecordedExchange e = step.exchange();
        String url = e.request().url();
        int query = url.indexOf('?');
        MappingBuilder mapping = request(e.request().method(), urlEqualTo(url))
                .withId(UUID.fromString(e.id()))
                .withName(e.request().method() + " " + (query < 0 ? url : url.substring(0, query)))
                .persistent()
                .withMetadata(Map.of("strangler", metadata(step)));
        for (String name : MATCHED_HEADERS) {
            String value = first(e.request().headers(), name);
            if (value != null) {
                mapping.withHeader(name, equalTo(value));
            }
        }
        String body = e.request().body();
        if (body != null) {
            mapping.withRequestBody(
                    isJson(first(e.request().headers(), "Content-Type"), body) ? equalToJson(body) : equalTo(body));
        }
        ResponseDefinitionBuilder response = aResponse().withStatus(e.response().status());
        List<HttpHeader> headers = new ArrayList<>();
        e.response().headers().forEach((name, values) -> headers.add(new HttpHeader(name, values)));
        if (!headers.isEmpty()) {
            response.withHeaders(new HttpHeaders(headers));
        }
        if (e.response().body() != null) {
            response.withBody(e.response().body());
        } else if (e.response().base64Body() != null) {
            response.withBase64Body(e.response().base64Body());
        }
        if (scenario != null) {
            ScenarioMappingBuilder inOrder =
                    mapping.inScenario(scenario.name()).whenScenarioStateIs(scenario.requiredState());
            mapping = scenario.nextState() == null ? inOrder : inOrder.willSetStateTo(scenario.nextState());
        }
        return mapping.willReturn(response).build();
    }

    /** {@code metadata.strangler}: the recording's facts of the exchange, which WireMock keeps and ignores. */
    private static Map<String, Object> metadata(RecordedTraffic.Step step) {
        RecordedExchange e = step.exchange();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", step.sequence());
        m.put("caller", e.caller());
        m.put("callerSequence", step.callerSequence());
        m.put("route", e.route());
        m.put("mode", e.mode());
        m.put("side", e.side());
        m.put("template", e.template());
        m.put("startedAt", e.startedAt().toString());
        m.put("durationMs", e.durationMs());
        m.put("redactions", e.redactions());
        // Every request header as sent (redacted): a replay needs the credential a step carries, which the stub does
        // not match on.
        m.put("requestHeaders", e.request().headers());
        if (e.request().base64Body() != null) {
            m.put("binaryRequestBody", e.request().base64Body());
        }
        return m;
    }

    private static boolean isJson(String contentType, String body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return false;
        }
        try {
            JSON.readTree(body);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                return h.getValue().get(0);
            }
        }
        return null;
    }
}
