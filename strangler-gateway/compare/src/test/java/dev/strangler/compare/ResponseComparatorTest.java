package dev.strangler.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponseComparatorTest {

    private final ResponseComparator comparator = new ResponseComparator();

    private static ComparedResponse json(int status, String body) {
        return new ComparedResponse(
                status,
                Map.of("Content-Type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8),
                false);
    }

    @Test
    void fieldOrderAndNumberFormattingAreNotDifferences() {
        assertThat(comparator.differences(
                        json(200, "{\"a\":1.50,\"b\":[1,2]}"),
                        json(200, "{\"b\":[1,2],\"a\":1.5}"),
                        List.of("Content-Type"),
                        List.of(),
                        Set.of()))
                .isEmpty();
    }

    @Test
    void eachDifferenceNamesItsPath() {
        assertThat(comparator.differences(
                        json(200, "{\"items\":[{\"id\":1,\"name\":\"A\"}],\"total\":1}"),
                        json(404, "{\"items\":[{\"id\":1,\"name\":\"B\"},{\"id\":2}]}"),
                        List.of(),
                        List.of(),
                        Set.of()))
                .containsExactly(
                        "status: 200 vs 404",
                        "$.items: 1 items vs 2 items",
                        "$.items[0].name: \"A\" vs \"B\"",
                        "$.total: 1 vs missing");
    }

    @Test
    void ignoredPathsAndLearnedNoiseAreSkipped() {
        ComparedResponse a = json(200, "{\"items\":[{\"etag\":\"x\",\"v\":1}],\"at\":\"1\",\"rid\":\"a\"}");
        ComparedResponse b = json(200, "{\"items\":[{\"etag\":\"y\",\"v\":1}],\"at\":\"2\",\"rid\":\"b\"}");
        assertThat(comparator.differences(
                        a,
                        b,
                        List.of(),
                        List.of(JsonPath.parse("$.items[*].etag"), JsonPath.parse("$.at")),
                        Set.of("$.rid")))
                .isEmpty();
        assertThat(comparator.volatilePaths(a, b)).containsExactly("$.at", "$.items[*].etag", "$.rid");
    }

    @Test
    void chosenHeadersMustMatchAndNonJsonBodiesCompareByBytes() {
        Map<String, List<String>> textHeaders = Map.of("content-type", List.of("text/plain"));
        ComparedResponse text = new ComparedResponse(200, textHeaders, "hello".getBytes(), false);
        ComparedResponse other = new ComparedResponse(200, textHeaders, "hellO".getBytes(), false);
        assertThat(comparator.differences(text, other, List.of(), List.of(), Set.of()))
                .containsExactly("body: 5 bytes vs 5 bytes, not equal");
        assertThat(comparator.differences(json(200, "{}"), text, List.of("Content-Type"), List.of(), Set.of()))
                .anySatisfy(d -> assertThat(d).startsWith("header Content-Type"));
    }

    @Test
    void aListThatChangedLengthOrAFieldThatCameOrWentIsDataNotNoise() {
        assertThat(comparator.volatilePaths(
                        json(200, "{\"items\":[{\"id\":1}],\"at\":\"1\"}"),
                        json(200, "{\"items\":[{\"id\":1},{\"id\":2}],\"at\":\"2\",\"discount\":5}")))
                .containsExactly("$.at");
    }

    @Test
    void theWholeBodyIsNeverNoiseNotEvenForAListAtTheRoot() {
        assertThat(comparator.volatilePaths(json(200, "[1,2]"), json(200, "[1,2,3]")))
                .isEmpty();
        assertThat(comparator.volatilePaths(json(200, "[1,2]"), json(200, "[1,3]")))
                .isEmpty();
        assertThat(comparator.volatilePaths(json(200, "\"a\""), json(200, "\"b\"")))
                .isEmpty();
        assertThat(comparator.volatilePaths(json(200, "[{\"id\":1,\"at\":1}]"), json(200, "[{\"id\":1,\"at\":2}]")))
                .containsExactly("$[*].at");
    }

    @Test
    void nothingIsLearnedFromAnErrorOrFromTwoDifferentStatuses() {
        assertThat(comparator.volatilePaths(
                        json(500, "{\"error\":\"a\",\"id\":1}"), json(500, "{\"error\":\"b\",\"id\":1}")))
                .isEmpty();
        assertThat(comparator.volatilePaths(json(200, "{\"name\":\"a\"}"), json(404, "{\"name\":\"b\"}")))
                .isEmpty();
    }
}
