package dev.strangler.gateway.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.strangler.gateway.client.AddressRange;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An entry of {@code strangler.trusted-proxies}: checked by the parser the gateway then uses
 * ({@link AddressRange#parse}), so a range that would not match what it says stops the startup with the
 * parser's own message instead of trusting the wrong callers.
 */
@Documented
@Constraint(validatedBy = ProxyAddress.Rule.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface ProxyAddress {

    String message() default "is not an IP address or CIDR range";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link ProxyAddress}. */
    final class Rule implements ConstraintValidator<ProxyAddress, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            try {
                AddressRange.parse(value);
                return true;
            } catch (IllegalArgumentException e) {
                context.disableDefaultConstraintViolation();
                // The parser's words, escaped: a message template would read { } $ \ as its own syntax.
                context.buildConstraintViolationWithTemplate(e.getMessage().replaceAll("([{}$\\\\])", "\\\\$1"))
                        .addConstraintViolation();
                return false;
            }
        }
    }
}
