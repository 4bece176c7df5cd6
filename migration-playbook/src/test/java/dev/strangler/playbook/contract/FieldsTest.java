package dev.strangler.playbook.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.playbook.contract.check.ContractViolation;
import dev.strangler.playbook.contract.check.Fields;
import dev.strangler.playbook.contract.http.ApiResponse;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The field readers hold the types API.md promises and say exactly what they got instead. */
class FieldsTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @Test
    void readsMoneyAsAnExactDecimal() {
        assertThat(fields("{\"price\": 12.90}").money("price")).isEqualByComparingTo(new BigDecimal("12.9"));
    }

    @Test
    void refusesMoneyWithMoreThanTwoDecimals() {
        assertThatThrownBy(() -> fields("{\"price\": 12.999}").money("price"))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("$.price to be a non-negative amount with at most two decimals, got 12.999");
    }

    @Test
    void refusesATimestampThatIsNotUtc() {
        assertThatThrownBy(() ->
                        fields("{\"createdAt\": \"2026-11-28T17:35:20+02:00\"}").timestamp("createdAt"))
                .hasMessageContaining("$.createdAt to be an ISO-8601 UTC timestamp string");
        assertThat(fields("{\"createdAt\": \"2026-11-28T17:35:20.123Z\"}").timestamp("createdAt"))
                .isNotNull();
    }

    @Test
    void namesAMissingFieldAndTheStep() {
        assertThatThrownBy(() -> fields("{\"id\": 1}").object("category"))
                .hasMessageStartingWith("step 'read' (GET /x): expected $.category to be present, got no such field");
    }

    @Test
    void refusesAnIdSentAsAString() {
        assertThatThrownBy(() -> fields("{\"id\": \"17\"}").integer("id"))
                .hasMessageContaining("$.id to be an integral JSON number, got \"17\"");
    }

    @Test
    void distinguishesAnExplicitNullFromAMissingField() {
        assertThat(fields("{\"cancelledAt\": null}").nullableTimestamp("cancelledAt"))
                .isNull();
        assertThatThrownBy(() -> fields("{}").nullableTimestamp("cancelledAt")).hasMessageContaining("to be present");
    }

    private static Fields fields(String body) {
        return Fields.body(new ApiResponse("read", "GET", "/x", 200, "application/json", body, JSON.readTree(body)));
    }
}
