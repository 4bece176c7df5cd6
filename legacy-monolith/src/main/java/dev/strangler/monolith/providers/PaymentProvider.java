package dev.strangler.monolith.providers;

import dev.strangler.monolith.errors.ApiException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Client of the external payment provider: charges and refunds, with timeouts and idempotency keys. */
@Component
public class PaymentProvider {

    public record Charge(String id, String status) {}

    public record Refund(String id, String status) {}

    /** The charges the provider holds for one reference. */
    public record Charges(List<Charge> data) {}

    /**
     * A charge that got no answer (a timeout, or an answer that broke off): it may or may not have gone
     * through at the provider. Answered 504; the checkout asks again with the same idempotency key.
     */
    public static final class Unanswered extends ApiException {
        Unanswered() {
            super(
                    HttpStatus.GATEWAY_TIMEOUT,
                    "provider_timeout",
                    "Payment provider timeout",
                    "The payment provider did not answer in time");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PaymentProvider.class);
    private final RestClient client;

    PaymentProvider(ProvidersProperties properties) {
        this.client = ProviderClients.restClient(properties.payment());
    }

    /** Charges the card; the idempotency key makes a retried charge return the first one. */
    public Charge charge(String idempotencyKey, long amountCents, String currency, String source, String reference) {
        try {
            return client.post()
                    .uri("/v1/charges")
                    .header("Idempotency-Key", idempotencyKey)
                    .body(Map.of(
                            "amountCents", amountCents, "currency", currency, "source", source, "reference", reference))
                    .retrieve()
                    .body(Charge.class);
        } catch (HttpStatusCodeException e) {
            if (e.getStatusCode().value() == 402) {
                throw new ApiException(
                        HttpStatus.PAYMENT_REQUIRED,
                        "payment_declined",
                        "Payment declined",
                        "The payment provider declined the card");
            }
            throw providerError("charge", e);
        } catch (ResourceAccessException e) {
            throw unreachable("charge", idempotencyKey, e);
        } catch (RestClientException e) {
            // The answer broke off while being read (the read timeout covers the body too): same as no answer.
            throw unreachable("charge", idempotencyKey, e);
        }
    }

    /** The charges the provider made for a {@code reference} (what a charge was sent with), to reconcile one that got no answer. */
    public List<Charge> chargesFor(String reference) {
        try {
            Charges found = client.get()
                    .uri(u -> u.path("/v1/charges")
                            .queryParam("reference", reference)
                            .build())
                    .retrieve()
                    .body(Charges.class);
            return found == null || found.data() == null ? List.of() : found.data();
        } catch (HttpStatusCodeException e) {
            throw providerError("charge lookup", e);
        } catch (RestClientException e) {
            throw unreachable("charge lookup", reference, e);
        }
    }

    public Refund refund(String chargeId, long amountCents) {
        try {
            return client.post()
                    .uri("/v1/refunds")
                    .body(Map.of("chargeId", chargeId, "amountCents", amountCents))
                    .retrieve()
                    .body(Refund.class);
        } catch (HttpStatusCodeException e) {
            throw providerError("refund", e);
        } catch (ResourceAccessException e) {
            throw unreachable("refund", chargeId, e);
        } catch (RestClientException e) {
            throw unreachable("refund", chargeId, e);
        }
    }

    private static ApiException providerError(String operation, HttpStatusCodeException e) {
        log.warn("payment provider answered {} to a {}", e.getStatusCode().value(), operation);
        return new ApiException(
                HttpStatus.BAD_GATEWAY,
                "provider_error",
                "Payment provider error",
                "The payment provider failed to process the " + operation);
    }

    private static ApiException unreachable(String operation, String reference, RestClientException e) {
        boolean timeout = hasCause(e, HttpTimeoutException.class)
                || hasCause(e, SocketTimeoutException.class)
                || !(e instanceof ResourceAccessException);
        // The reference is logged so that an unanswered charge can be reconciled with the provider.
        log.warn("payment provider {} for {} failed: {}", operation, reference, timeout ? "timeout" : e.getMessage());
        return timeout
                ? new Unanswered()
                : new ApiException(
                        HttpStatus.BAD_GATEWAY,
                        "provider_error",
                        "Payment provider unreachable",
                        "The payment provider could not be reached");
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
