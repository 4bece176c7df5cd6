package dev.strangler.playbook.sandbox;

import dev.strangler.infra.process.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a part whether it is healthy: its health URL answers 200, and when the answer carries a
 * {@code status} (Spring Boot actuator: {@code UP}, WireMock: {@code healthy}) that status is a healthy one.
 */
final class HealthProbe {

    private static final Set<String> HEALTHY = Set.of("UP", "healthy");

    private final HttpClient http;
    private final JsonMapper json;

    HealthProbe(HttpClient http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    static HealthProbe withDefaultClient(JsonMapper json) {
        return new HealthProbe(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(), json);
    }

    boolean isHealthy(String healthUrl) {
        if (healthUrl.startsWith("tcp://")) {
            return FreePorts.isListening(URI.create(healthUrl).getPort());
        }
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(healthUrl))
                            .timeout(Duration.ofSeconds(3))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return false;
            }
            JsonNode status = json.readTree(response.body()).path("status");
            return status.isMissingNode() || HEALTHY.contains(status.asString());
        } catch (IOException | JacksonException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
