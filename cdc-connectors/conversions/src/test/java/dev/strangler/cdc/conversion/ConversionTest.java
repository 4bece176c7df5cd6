package dev.strangler.cdc.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each conversion writes and refuses; that parity computes the same in SQL is checked in cdc-core's ParityTest. */
class ConversionTest {

    record Settings(Map<String, String> values, String zone) implements Conversion.Settings {}

    static final Settings NONE = new Settings(null, null);

    @Test
    void everyConversionIsFoundByItsPlanNameAndAnyOtherNameIsRefusedWithTheList() {
        for (Conversion c : Conversion.values()) {
            assertThat(Conversion.of(c.planName())).isSameAs(c);
        }
        assertThat(Conversion.planNames())
                .containsExactly("cents-to-decimal", "decimal-to-cents", "map", "timestamp-in-zone");
        assertThatThrownBy(() -> Conversion.of("upper"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "convert must be one of [cents-to-decimal, decimal-to-cents, map, timestamp-in-zone] (was 'upper')");
    }

    @Test
    void centsBecomeADecimalWithTwoPlacesAndBackWithoutLosingACent() {
        assertThat(Conversion.CENTS_TO_DECIMAL.toTarget(1290, NONE)).isEqualTo("12.90");
        assertThat(Conversion.CENTS_TO_DECIMAL.toTarget(-5L, NONE)).isEqualTo("-0.05");
        assertThat(Conversion.DECIMAL_TO_CENTS.toTarget(new BigDecimal("12.90"), NONE))
                .isEqualTo("1290");
        assertThat(Conversion.DECIMAL_TO_CENTS.toTarget("14.5", NONE))
                .as("numerics as text")
                .isEqualTo("1450");
        assertThatThrownBy(() -> Conversion.DECIMAL_TO_CENTS.toTarget(new BigDecimal("14.505"), NONE))
                .hasMessage("14.505 has fractions of a cent; decimal-to-cents keeps whole cents only");
        assertThatThrownBy(() -> Conversion.CENTS_TO_DECIMAL.toTarget(new BigDecimal("12.90"), NONE))
                .hasMessage("cents-to-decimal needs an integer column, got BigDecimal");
    }

    @Test
    void codesBecomeTheirNamesAndAnUnmappedCodeIsRefused() {
        Settings codes = new Settings(Map.of("A", "ACTIVE"), null);
        assertThat(Conversion.MAP.toTarget("A", codes)).isEqualTo("ACTIVE");
        assertThatThrownBy(() -> Conversion.MAP.toTarget("Z", codes))
                .hasMessage("no mapping for value 'Z' (mapped: [A])");
        assertThat(Conversion.MAP.settingsProblem(NONE)).contains("map needs values (code: name)");
    }

    @Test
    void aLocalTimestampBecomesTheInstantItWasInItsZone() {
        Settings berlin = new Settings(null, "Europe/Berlin");
        assertThat(Conversion.TIMESTAMP_IN_ZONE.toTarget(LocalDateTime.parse("2026-03-01T10:00"), berlin))
                .isEqualTo("2026-03-01T09:00:00Z");
        assertThat(Conversion.TIMESTAMP_IN_ZONE.toTarget(LocalDateTime.parse("2026-10-25T02:30"), berlin))
                .as("twice that night: the later one, standard time, as PostgreSQL reads it")
                .isEqualTo("2026-10-25T01:30:00Z");
        assertThat(Conversion.TIMESTAMP_IN_ZONE.toTarget(LocalDateTime.parse("2026-03-29T02:30"), berlin))
                .as("never that night: with the offset before the change, as PostgreSQL reads it")
                .isEqualTo("2026-03-29T01:30:00Z");
        assertThat(Conversion.TIMESTAMP_IN_ZONE.settingsProblem(new Settings(null, "Mars/Olympus")))
                .contains("timestamp-in-zone needs a zone such as Europe/Berlin (was Mars/Olympus)");
        assertThat(Conversion.TIMESTAMP_IN_ZONE.settingsProblem(berlin)).isEmpty();
    }

    @Test
    void columnTypesAreCheckedAsPostgreSqlNamesThem() {
        assertThat(Conversion.DECIMAL_TO_CENTS.sourceTypeProblem("price", "numeric(12,2)"))
                .isEmpty();
        assertThat(Conversion.DECIMAL_TO_CENTS.targetTypeProblem("products.price_cents", "integer"))
                .isEmpty();
        assertThat(Conversion.DECIMAL_TO_CENTS.targetTypeProblem("products.price_cents", "text"))
                .contains("decimal-to-cents writes integer cents, but products.price_cents is text");
        assertThat(Conversion.MAP.sourceTypeProblem("status", "character(1)")).isEmpty();
        assertThat(Conversion.MAP.sourceTypeProblem("status", "integer"))
                .contains("map needs a text column of codes, status is integer");
    }
}
