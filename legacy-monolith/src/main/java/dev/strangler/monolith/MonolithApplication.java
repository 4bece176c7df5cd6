package dev.strangler.monolith;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The reference "before": a mobile shop backend as teams have them, to be strangled feature by feature. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MonolithApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(MonolithApplication.class, args);
    }
}
