package dev.strangler.cdc.connect;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few Kafka Connect REST calls the toolkit needs; {@code PUT /connectors/{name}/config} creates or updates, so applying twice is safe. */
public final class ConnectClient {

    /** A connector's state and its tasks' states, e.g. RUNNING, FAILED (with the trace). */
    public record Status(String name, String state, java.util.List<String> taskStates, String trace) {
        public boolean running() {
            return "RUNNING".equals(state) && !taskStates.isEmpty() && taskStates.stream().allMatch("RUNNING"::equals);
        }
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    public ConnectClient(URI base) {
        this.base = base;
    }

    public void put(String name, Map<String, String> config) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/config"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(config))));
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException("Kafka Connect refused connector " + name + " (" + r.statusCode() + "): " + r.body());
        }
    }

    /** The connector's status, or null when Connect does not know it. */
    public Status status(String name) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/status")).GET());
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Kafka Connect status of " + name + " failed (" + r.statusCode() + "): " + r.body());
        }
        JsonNode n = json.readTree(r.body());
        java.util.List<String> tasks = new java.util.ArrayList<>();
        StringBuilder trace = new StringBuilder();
        n.path("tasks").forEach(t -> {
            tasks.add(t.path("state").asString());
            if (t.has("trace")) {
                trace.append(t.path("trace").asString());
            }
        });
        if (n.path("connector").has("trace")) {
            trace.append(n.path("connector").path("trace").asString());
        }
        return new Status(name, n.path("connector").path("state").asString(), tasks, trace.isEmpty() ? null : trace.toString());
    }

    public void delete(String name) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/connectors/" + name)).DELETE());
        if (r.statusCode() != 204 && r.statusCode() != 404) {
            throw new IllegalStateException("Kafka Connect could not delete " + name + " (" + r.statusCode() + "): " + r.body());
        }
    }

    /**
     * Removes a connector: stopped first, then, with {@code deleteOffsets}, its committed offsets deleted
     * (a source's position, or a sink's consumer group position, so that a connector applied later under
     * the same name starts afresh), then deleted.
     */
    public void remove(String name, Duration timeout, boolean deleteOffsets) {
        if (status(name) == null) {
            return;
        }
        send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/stop")).PUT(HttpRequest.BodyPublishers.noBody()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Status s = status(name);
            if (s == null || ("STOPPED".equals(s.state()) && s.taskStates().isEmpty())) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Connect did not stop " + name + " within " + timeout.toMillis() + " ms (state " + s.state() + ")");
            }
            sleep(100);
        }
        if (deleteOffsets) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/offsets")).DELETE());
            if (r.statusCode() != 200 && r.statusCode() != 404) {
                throw new IllegalStateException("Kafka Connect could not delete the offsets of " + name + " (" + r.statusCode() + "): " + r.body());
            }
        }
        delete(name);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void restart(String name) {
        send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/restart?includeTasks=true&onlyFailed=true"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Kafka Connect at " + base + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
