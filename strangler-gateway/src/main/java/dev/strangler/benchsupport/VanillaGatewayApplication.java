package dev.strangler.benchsupport;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A plain Spring Cloud Gateway, for benchmarks only: the baseline the strangler gateway is compared
 * with (strangler-gateway/bench/load.sh). It lives outside {@code dev.strangler.gateway} and scans
 * no components, so none of the strangler configuration or filters load; its routes come from
 * {@code --spring.cloud.gateway.server.webflux.routes[0]...} flags. Started from the gateway jar with
 * {@code -Dloader.main=dev.strangler.benchsupport.VanillaGatewayApplication} and Spring Boot's
 * {@code PropertiesLauncher}.
 *
 * <p>Deliberately not {@code @SpringBootApplication}: the jar's main class stays
 * {@code GatewayApplication}, the only class so annotated.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class VanillaGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(VanillaGatewayApplication.class, args);
    }
}
