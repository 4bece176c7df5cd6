package dev.strangler.identity;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Identity, extracted: the monolith's register, log in, log out and profile endpoints with the same
 * contract and the same opaque session tokens, and the issuer of the short-lived signed access tokens
 * that the gateway obtains for a session by OAuth 2.0 Token Exchange (Spring Authorization Server).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IdentityServiceApplication {

    /** Milliseconds, as the monolith: both write {@code created_at} and {@code expires_at}, which CDC compares. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    public static void main(String[] args) {
        SpringApplication.run(IdentityServiceApplication.class, args);
    }
}
