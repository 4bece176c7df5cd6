package dev.strangler.gateway.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The one rule every token of the admin API follows, the read-only one included: a short token can be
 * guessed, and either one reads the routes, the audit log and the shadow mismatches (response bodies).
 * Absent (null or blank) passes: whether a token is required is said where it is declared.
 */
@Documented
@Constraint(validatedBy = AdminToken.Rule.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
public @interface AdminToken {

    /** The fewest characters a token may have. */
    int MIN_LENGTH = 16;

    String message() default "an admin API token (admin or read) must have at least " + MIN_LENGTH + " characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link AdminToken}. */
    final class Rule implements ConstraintValidator<AdminToken, String> {

        @Override
        public boolean isValid(String token, ConstraintValidatorContext context) {
            return token == null || token.isBlank() || token.length() >= MIN_LENGTH;
        }
    }
}
