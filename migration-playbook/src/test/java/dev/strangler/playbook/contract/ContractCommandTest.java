package dev.strangler.playbook.contract;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.strangler.playbook.cli.CommandLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code strangler contract}: what it prints and the exit code a CI job or a phase gate sees. */
class ContractCommandTest {

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        server.start();
        new Backend(server).catalogWithDetailPrice("12.90");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void exitsZeroAndPrintsPassWhenTheChosenScenariosPass() {
        int exit = execute(
                "--base-url", server.baseUrl(), "--scenario", "browse-categories", "--scenario", "product-detail");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .containsPattern("PASS  browse-categories\\s+\\d+ ms")
                .containsPattern("PASS  product-detail\\s+\\d+ ms")
                .contains("contract: 2 passed, 0 failed");
    }

    @Test
    void exitsOneAndPrintsTheFailureWhenAScenarioFails() {
        int exit = execute("--base-url", server.baseUrl(), "--scenario", "checkout");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .containsPattern("FAIL  checkout\\s+\\d+ ms")
                .contains("step 'register a new customer'")
                .contains("contract: 0 passed, 1 failed");
    }

    @Test
    void exitsOneWhenTheBackendIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int exit = execute("--base-url", "http://127.0.0.1:" + port, "--timeout", "2");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("cannot connect").contains("contract: 0 passed, 12 failed");
    }

    @Test
    void printsTheReportAsJson() {
        int exit = execute(
                "--base-url", server.baseUrl(), "--scenario", "browse-categories", "--scenario", "checkout", "--json");

        JsonNode report = JsonMapper.builder().build().readTree(out.toString());
        assertThat(exit).isEqualTo(1);
        assertThat(report.get("passed").booleanValue()).isFalse();
        assertThat(report.get("passedCount").intValue()).isEqualTo(1);
        assertThat(report.get("scenarios").get(0).get("name").stringValue()).isEqualTo("browse-categories");
        assertThat(report.get("scenarios").get(1).get("failures").get(0).stringValue())
                .contains("register a new customer");
    }

    @Test
    void listsTheScenariosWithoutABaseUrl() {
        int exit = execute("--list");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains(ContractSuite.scenarioNames());
    }

    @Test
    void exitsTwoWithoutABaseUrl() {
        assertThat(execute()).isEqualTo(2);
        assertThat(err.toString()).contains("--base-url");
    }

    @Test
    void exitsTwoWithAClearMessageForABadUrl() {
        assertThat(execute("--base-url", "localhost:9001")).isEqualTo(2);
        assertThat(err.toString()).contains("--base-url 'localhost:9001'").contains("http://127.0.0.1:9001");

        assertThat(execute("--base-url", "http://exa mple")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a URL");
    }

    @Test
    void exitsTwoForAnUnknownScenario() {
        assertThat(execute("--base-url", server.baseUrl(), "--scenario", "browse-everything"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario browse-everything");
    }

    @Test
    void exitsTwoForANonPositiveTimeout() {
        assertThat(execute("--base-url", server.baseUrl(), "--timeout", "0")).isEqualTo(2);
        assertThat(execute("--base-url", server.baseUrl(), "--timeout", "soon")).isEqualTo(2);
    }

    private int execute(String... args) {
        return CommandLines.create(new ContractCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
