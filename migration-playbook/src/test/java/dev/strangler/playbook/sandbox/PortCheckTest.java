package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    private final SandboxSettings settings = SandboxSettings.defaults(Path.of("/opt/strangler"));

    @Test
    void takenPortsAreAllNamedWithTheOptionAndEnvironmentVariableThatMoveThem() {
        PortCheck check = new PortCheck(Set.of(9001, 15432)::contains);

        assertThatThrownBy(() -> check.requireFree(settings))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining(
                        "port 15432 (postgres) is already in use; choose another with --postgres-port <port> "
                                + "or STRANGLER_POSTGRES_PORT=<port>")
                .hasMessageContaining(
                        "port 9001 (monolith) is already in use; choose another with --monolith-port <port> "
                                + "or STRANGLER_MONOLITH_PORT=<port>")
                .hasMessageContaining("nothing was started")
                .message()
                .doesNotContain("9101")
                .doesNotContain("9102");
    }

    @Test
    void freePortsPass() {
        assertThatCode(() -> new PortCheck(port -> false).requireFree(settings)).doesNotThrowAnyException();
    }
}
