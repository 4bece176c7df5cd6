package dev.strangler.monolith.providers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Client of the external email/push provider. Sending is best effort: a failure is logged and
 * counted ({@code monolith.notifications.failed}), never thrown at the business operation.
 */
@Component
public class NotificationProvider {

    private static final Logger log = LoggerFactory.getLogger(NotificationProvider.class);
    private final RestClient client;
    private final Counter sent;
    private final Counter failed;

    NotificationProvider(ProvidersProperties properties, MeterRegistry meters) {
        this.client = ProviderClients.restClient(properties.notification());
        this.sent = meters.counter("monolith.notifications.sent");
        this.failed = meters.counter("monolith.notifications.failed");
    }

    public void send(String to, String template, Map<String, Object> data) {
        try {
            client.post()
                    .uri("/v1/messages")
                    .body(Map.of("to", to, "template", template, "data", data))
                    .retrieve()
                    .toBodilessEntity();
            sent.increment();
        } catch (RestClientException e) {
            failed.increment();
            log.warn("notification '{}' could not be sent: {}", template, e.getMessage());
        }
    }
}
