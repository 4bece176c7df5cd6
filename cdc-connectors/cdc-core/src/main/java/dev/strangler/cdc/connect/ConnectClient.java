package dev.strangler.cdc.connect;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few Kafka Connect REST calls the toolkit needs; {@code PUT /connectors/{name}/config} creates or updates, so applying twice is safe. */
public final class ConnectClient {

    /**
     * A connector's state and its tasks', e.g. RUNNING, FAILED, each failed one with the stack trace
     * Connect's status API reports.
     *
     * @param trace the connector's own trace, when the connector (not a task) failed
     */
    public record Status(String name, String state, List<Task> tasks, String trace) {

        public List<String> taskStates() {
            return tasks.stream().map(Task::state).toList();
        }

        public boolean running() {
            return "RUNNING".equals(state)
                    && !tasks.isEmpty()
                    && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
        }

        /** The connector, if it failed, and each failed task, with the cause from its trace; empty when nothing failed. */
        public List<Failure> failures() {
            List<Failure> failures = new ArrayList<>();
            if (FAILED.equals(state)) {
                failures.add(new Failure(name, cause(trace)));
            }
            for (Task t : tasks) {
                if (FAILED.equals(t.state())) {
                    failures.add(new Failure(name + " task " + t.id(), cause(t.trace())));
                }
            }
            return failures;
        }
    }

    /** One task of a connector; {@code trace} is set when it failed. */
    public record Task(int id, String state, String trace) {}

    /**
     * What failed ({@code strangler-catalog-sink task 0}) and why: the lines of its trace that say what
     * happened, without the stack frames.
     */
    public record Failure(String what, String cause) {}

    static final String FAILED = "FAILED";

    /**
     * The lines of a Java stack trace that say what happened: each exception's message down the "Caused
     * by" chain (a sink task's first line is only Connect's "Exiting WorkerSinkTask due to unrecoverable
     * exception"; the database's reason, with PostgreSQL's Detail and Hint, comes further down), without
     * the frames.
     */
    static String cause(String trace) {
        if (trace == null || trace.isBlank()) {
            return "(Kafka Connect reports no trace)";
        }
        return trace.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("at ") && !l.matches("\\.\\.\\. \\d+ more"))
                .distinct()
                .limit(MAX_CAUSE_LINES)
                .collect(Collectors.joining("\n    "));
    }

    private static final int MAX_CAUSE_LINES = 12;

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    public ConnectClient(URI base) {
        this.base = base;
    }

    /** Where this client reaches Kafka Connect. */
    public URI base() {
        return base;
    }

    /**
     * Kafka Connect could not be reached at all: {@link #refused()} when nothing listens at its address
     * (the worker is down, or starting again), otherwise a timeout or another failure on the way.
     */
    public static final class Unreachable extends IllegalStateException {
        private final boolean refused;

        Unreachable(String message, boolean refused, Throwable cause) {
            super(message, cause);
            this.refused = refused;
        }

        public boolean refused() {
            return refused;
        }
    }

    public void put(String name, Map<String, String> config) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(config))));
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException(
                    "Kafka Connect refused connector " + name + " (" + r.statusCode() + "): " + r.body());
        }
    }

    /** The names of the connectors Connect has ({@code GET /connectors}), sorted. */
    public List<String> connectors() {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(base.resolve("/connectors")).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "Kafka Connect could not list its connectors (" + r.statusCode() + "): " + r.body());
        }
        List<String> names = new ArrayList<>();
        json.readTree(r.body()).forEach(n -> names.add(n.asString()));
        names.sort(null);
        return List.copyOf(names);
    }

    /** The connector's status, or null when Connect does not know it. */
    public Status status(String name) {
        return status(name, DEFAULT_TIMEOUT);
    }

    /** As {@link #status(String)}, giving up after {@code timeout} (then {@link Unreachable}). */
    public Status status(String name, Duration timeout) {
        HttpResponse<String> r = send(
                HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/status"))
                        .GET(),
                timeout);
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "Kafka Connect status of " + name + " failed (" + r.statusCode() + "): " + r.body());
        }
        JsonNode n = json.readTree(r.body());
        List<Task> tasks = new ArrayList<>();
        n.path("tasks")
                .forEach(t -> tasks.add(new Task(
                        t.path("id").asInt(),
                        t.path("state").asString(),
                        t.has("trace") ? t.path("trace").asString() : null)));
        JsonNode connector = n.path("connector");
        return new Status(
                name,
                connector.path("state").asString(),
                tasks,
                connector.has("trace") ? connector.path("trace").asString() : null);
    }

    public void delete(String name) {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(base.resolve("/connectors/" + name)).DELETE());
        if (r.statusCode() != 204 && r.statusCode() != 404) {
            throw new IllegalStateException(
                    "Kafka Connect could not delete " + name + " (" + r.statusCode() + "): " + r.body());
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
        stop(name, timeout);
        if (deleteOffsets) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/offsets"))
                    .DELETE());
            if (r.statusCode() != 200 && r.statusCode() != 404) {
                throw new IllegalStateException("Kafka Connect could not delete the offsets of " + name + " ("
                        + r.statusCode() + "): " + r.body());
            }
        }
        delete(name);
    }

    /** Stops the connector (its tasks shut down, its offsets committed and kept) and waits until it is stopped. */
    public void stop(String name, Duration timeout) {
        send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/stop"))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Status s = status(name);
            if (s == null || ("STOPPED".equals(s.state()) && s.taskStates().isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Connect did not stop " + name + " within " + timeout.toMillis()
                        + " ms (state " + s.state() + ")");
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The committed offsets of a connector, as Kafka Connect keeps them ({@code GET /connectors/{name}/offsets}):
     * each partition's offset as a JSON object. Empty when the connector has none, or is unknown.
     */
    public List<JsonNode> offsets(String name) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/offsets"))
                .GET());
        if (r.statusCode() == 404) {
            return List.of();
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "Kafka Connect could not read the offsets of " + name + " (" + r.statusCode() + "): " + r.body());
        }
        List<JsonNode> out = new ArrayList<>();
        json.readTree(r.body()).path("offsets").forEach(o -> out.add(o.path("offset")));
        return out;
    }

    /** Restarts the connector and its tasks that have failed; the others keep running. */
    public void restartFailed(String name) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(
                        base.resolve("/connectors/" + name + "/restart?includeTasks=true&onlyFailed=true"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "Kafka Connect could not restart " + name + " (" + r.statusCode() + "): " + r.body());
        }
    }

    /** How long a call waits for the worker's answer unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, DEFAULT_TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) {
        try {
            return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            boolean refused = e instanceof ConnectException;
            String why = refused
                    ? "connection refused"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new Unreachable("Kafka Connect at " + base + " cannot be reached: " + why, refused, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
