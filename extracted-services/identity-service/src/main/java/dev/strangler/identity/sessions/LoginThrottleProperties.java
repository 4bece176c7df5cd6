package dev.strangler.identity.sessions;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Failed-login limits, named as the monolith names them.
 *
 * @param perAccount failed logins for one email within the window before every login for it is 429 (5)
 * @param perAddress failed logins from one client address within the window before 429 (50)
 * @param window the fixed window the failures are counted in (15 minutes)
 */
@Validated
@ConfigurationProperties("logins")
public record LoginThrottleProperties(
        @DefaultValue("5") @Positive int perAccount,
        @DefaultValue("50") @Positive int perAddress,
        @DefaultValue("15m") Duration window) {}
