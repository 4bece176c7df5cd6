package dev.strangler.monolith;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The reference "before": a mobile shop backend as teams have them, to be strangled feature by feature. */
@SpringBootApplication
@ConfigurationPropertiesScan
@org.springframework.scheduling.annotation.EnableScheduling
public class MonolithApplication {

    /**
     * Milliseconds: PostgreSQL keeps microseconds, so a finer clock would make a timestamp read back
     * differently from how the write that created it returned it.
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    public static void main(String[] args) {
        SpringApplication.run(MonolithApplication.class, args);
    }
}
