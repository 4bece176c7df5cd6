package dev.strangler.playbook.contract;

import dev.strangler.playbook.contract.scenarios.Scenarios;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler contract --base-url URL}: plays the mobile app against a backend and says whether
 * it keeps the contract. Exit code 0 when every scenario passed, 1 when any failed, 2 on bad arguments.
 */
@Command(
        name = "contract",
        mixinStandardHelpOptions = true,
        description =
                "Run the mobile contract suite (legacy-monolith/API.md) against a base URL: the monolith, a gateway, or a service.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every scenario passed", "1:a scenario failed", "2:bad arguments"})
public final class ContractCommand implements Callable<Integer> {

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "Where the backend answers, e.g. http://127.0.0.1:9001 (required unless --list).")
    String baseUrl;

    @Option(names = "--scenario", paramLabel = "NAME", description = "Run only this scenario; repeatable. See --list.")
    List<String> scenarios = List.of();

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "How long one request may take, in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--list", description = "Print the scenario names and what each checks, then exit.")
    boolean list;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            Scenarios.all().forEach(scenario -> out.printf("%-24s %s%n", scenario.name(), scenario.description()));
            out.flush();
            return 0;
        }
        URI base = baseUrl();
        Set<String> only = selectedScenarios();
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        SuiteReport report = new ContractSuite(base, ContractSuite.client(timeout), timeout).run(only);
        if (json) {
            JsonReport.print(report, base.toString(), out);
        } else {
            TextReport.print(report, base.toString(), out);
        }
        return report.passed() ? 0 : 1;
    }

    private URI baseUrl() {
        if (baseUrl == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--base-url=URL'");
        }
        try {
            return BaseUrl.parse(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Set<String> selectedScenarios() {
        Set<String> only = new LinkedHashSet<>(scenarios);
        List<String> known = ContractSuite.scenarioNames();
        List<String> unknown =
                only.stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "unknown scenario " + String.join(", ", unknown) + "; the scenarios are " + String.join(", ", known)
                            + " (see --list)");
        }
        return only;
    }
}
