package dev.strangler.identity.sessions;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sessions, named as the monolith names them.
 *
 * @param ttl how long a session token lives after login (default 30 days, as the monolith)
 * @param purgeEvery how often sessions past their expiry are deleted (default 10 minutes)
 */
@Validated
@ConfigurationProperties("sessions")
public record SessionProperties(
        @DefaultValue("30d") Duration ttl,
        @DefaultValue("10m") Duration purgeEvery) {}
