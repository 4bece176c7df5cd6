package dev.strangler.gateway;

import dev.strangler.gateway.config.CheckRoutesCommand;
import dev.strangler.gateway.config.GatewaySettings;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The strangler gateway: Spring Cloud Gateway in front of a monolith, moving routes to extracted
 * services by configuration. Run it with {@code --strangler.monolith=URL} alone (pure pass-through),
 * or with {@code --strangler.routes=routes.yaml}, plus {@code --strangler.admin.token=...}.
 * {@code --check-routes=FILE} checks a route file instead, before Spring starts ({@link CheckRoutesCommand}).
 */
@SpringBootApplication
@EnableConfigurationProperties(GatewaySettings.class)
public class GatewayApplication {

    public static void main(String[] args) {
        Optional<Path> check = CheckRoutesCommand.requested(args);
        if (check.isPresent()) {
            System.exit(CheckRoutesCommand.run(check.get(), System.out));
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
