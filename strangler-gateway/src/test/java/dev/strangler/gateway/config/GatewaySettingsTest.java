package dev.strangler.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.junit.jupiter.api.Test;

class GatewaySettingsTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void aReadTokenIsHeldToTheSameMinimumLengthAsTheAdminToken() {
        GatewaySettings.Admin admin = new GatewaySettings.Admin("127.0.0.1", 9081, "admin-token-0123456789", "short");

        assertThat(validator.validate(admin)).extracting(v -> v.getPropertyPath().toString()).as("a guessable read token is refused")
                .containsExactly("readToken");
        assertThat(validator.validate(new GatewaySettings.Admin("127.0.0.1", 9081, "short", null)))
                .extracting(ConstraintViolation::getMessage).singleElement().asString().contains("at least 16 characters");
        assertThat(validator.validate(new GatewaySettings.Admin("127.0.0.1", 9081, "admin-token-0123456789", null)))
                .as("no read token at all is fine").isEmpty();
    }
}
