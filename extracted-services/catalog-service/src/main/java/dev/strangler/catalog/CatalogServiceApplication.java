package dev.strangler.catalog;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The catalog, extracted: the monolith's catalog endpoints, same contract, own database fed by CDC. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CatalogServiceApplication {

    /** Milliseconds, as the monolith: PostgreSQL keeps microseconds, and both write {@code updated_at}. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    public static void main(String[] args) {
        SpringApplication.run(CatalogServiceApplication.class, args);
    }
}
