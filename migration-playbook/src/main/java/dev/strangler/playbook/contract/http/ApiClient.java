package dev.strangler.playbook.contract.http;

import dev.strangler.playbook.contract.check.ContractViolation;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mobile app's view of the backend: JSON over HTTP against one base URL, nothing else.
 *
 * <p>One instance serves one scenario run. It counts requests and refuses to go past its budget, so
 * that a scenario cannot loop over a large catalog or hammer a gateway. Transport failures
 * (connection refused, timeout) become {@link ContractViolation}s naming the step, so a backend that
 * is down fails scenarios instead of crashing the suite.
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder()
            // Money is compared as BigDecimal; reading it as double would turn 12.90 into 12.9 and lose the scale.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final int requestBudget;
    /** Like an app install: one id per client, sent on every request, as the app sends its device id. */
    private final String deviceId = "contract-" + UUID.randomUUID().toString().substring(0, 8);

    private int requestsMade;

    /**
     * @param baseUrl       where the backend (monolith, gateway or service) answers
     * @param http          the client to send with
     * @param timeout       how long one request may take
     * @param requestBudget how many requests this client may send in total
     */
    public ApiClient(URI baseUrl, HttpClient http, Duration timeout, int requestBudget) {
        String base = baseUrl.toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.http = http;
        this.timeout = timeout;
        this.requestBudget = requestBudget;
    }

    /** Sends a GET without authentication. */
    public ApiResponse get(String step, String path) {
        return send(step, "GET", path, null, null);
    }

    /** Sends a GET with {@code Authorization: Bearer token}. */
    public ApiResponse get(String step, String path, String token) {
        return send(step, "GET", path, null, token);
    }

    /**
     * Sends one request.
     *
     * @param body  serialised as JSON; {@code null} for no body
     * @param token sent as a bearer token; {@code null} for none
     */
    public ApiResponse send(String step, String method, String path, Object body, String token) {
        if (requestsMade >= requestBudget) {
            throw new ContractViolation(
                    "step '" + step + "' (" + method + " " + path + "): the scenario would exceed its budget of "
                            + requestBudget + " requests; a scenario must stay bounded");
        }
        requestsMade++;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("X-Device-Id", deviceId);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = exchange(step, method, path, request.build());
        String text = response.body() == null ? "" : response.body();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        return new ApiResponse(step, method, path, response.statusCode(), contentType, text, parse(text));
    }

    /** How many requests this client has sent. */
    public int requestsMade() {
        return requestsMade;
    }

    private HttpResponse<String> exchange(String step, String method, String path, HttpRequest request) {
        String where = "step '" + step + "' (" + method + " " + path + "): ";
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ContractViolation(where + "no answer from " + baseUrl + " within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            throw new ContractViolation(where + "cannot connect to " + baseUrl
                    + " (connection refused or host unreachable: " + describe(e) + ")");
        } catch (IOException e) {
            throw new ContractViolation(where + "request to " + baseUrl + " failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContractViolation(where + "interrupted while waiting for the answer");
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    private static JsonNode parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }
}
