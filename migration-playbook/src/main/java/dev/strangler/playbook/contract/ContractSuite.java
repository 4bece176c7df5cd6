package dev.strangler.playbook.contract;

import dev.strangler.playbook.contract.check.ContractViolation;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.scenarios.Scenarios;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The mobile contract suite: plays the app's scenarios against one base URL (the monolith, a gateway
 * in any migration phase, or an extracted service) and reports which kept the contract of
 * {@code legacy-monolith/API.md}. It knows nothing of how the backend is built.
 *
 * <p>Scenarios run one after the other. A scenario stops at its first violation; any exception it
 * throws (connection refused included) fails that scenario only.
 */
public final class ContractSuite {

    /** How long one request may take unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Requests one scenario may send at most. */
    static final int REQUEST_BUDGET = 60;

    private final URI baseUrl;
    private final HttpClient client;
    private final Duration timeout;
    private final List<Scenario> scenarios;

    /** A suite of all scenarios against {@code baseUrl}, with the default request timeout. */
    public ContractSuite(URI baseUrl, HttpClient client) {
        this(baseUrl, client, DEFAULT_TIMEOUT);
    }

    /** A suite of all scenarios against {@code baseUrl}; each request may take {@code timeout}. */
    public ContractSuite(URI baseUrl, HttpClient client, Duration timeout) {
        this(baseUrl, client, timeout, Scenarios.all());
    }

    ContractSuite(URI baseUrl, HttpClient client, Duration timeout, List<Scenario> scenarios) {
        this.baseUrl = baseUrl;
        this.client = client;
        this.timeout = timeout;
        this.scenarios = List.copyOf(scenarios);
    }

    /**
     * The client the suite plays the app with: HTTP/1.1 as the app speaks it (the JDK's default, HTTP/2, asks a
     * cleartext server to upgrade on every new connection).
     */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The names of all scenarios, in the order they run. */
    public static List<String> scenarioNames() {
        return Scenarios.all().stream().map(Scenario::name).toList();
    }

    /** Runs every scenario. */
    public SuiteReport run() {
        return run(Set.of());
    }

    /**
     * Runs the scenarios named in {@code onlyScenarios}, in suite order; all of them when it is empty.
     *
     * @throws IllegalArgumentException when a name is not a scenario of this suite
     */
    public SuiteReport run(Set<String> onlyScenarios) {
        Set<String> unknown = new LinkedHashSet<>(onlyScenarios);
        scenarios.forEach(scenario -> unknown.remove(scenario.name()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown scenario " + String.join(", ", unknown) + "; the scenarios are "
                    + String.join(", ", scenarios.stream().map(Scenario::name).toList()));
        }
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            if (onlyScenarios.isEmpty() || onlyScenarios.contains(scenario.name())) {
                results.add(play(scenario));
            }
        }
        return new SuiteReport(results);
    }

    private ScenarioResult play(Scenario scenario) {
        ApiClient api = new ApiClient(baseUrl, client, timeout, REQUEST_BUDGET);
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        try {
            scenario.run(api);
        } catch (ContractViolation violation) {
            failures.add(violation.getMessage());
        } catch (RuntimeException unexpected) {
            // A scenario bug or an odd answer must not stop the other scenarios.
            failures.add("unexpected " + unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage());
        }
        return new ScenarioResult(
                scenario.name(), failures.isEmpty(), failures, Duration.ofNanos(System.nanoTime() - start));
    }
}
