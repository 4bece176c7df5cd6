package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the sandbox keeps out of its parts' environment, and what it lets through. */
class PartProcessesTest {

    @Test
    void everyVariableOfTheSandboxsOwnOptionsIsKeptFromThePartsAndNoOther() {
        assertThat(PartProcesses.SANDBOX_VARIABLES)
                .as("Spring would read STRANGLER_MONOLITH_PORT as the gateway's strangler.monolith.port")
                .contains("STRANGLER_MONOLITH_PORT", "STRANGLER_GATEWAY_ADMIN_PORT", "STRANGLER_SANDBOX_DIR");
        for (SandboxPart part : SandboxPart.values()) {
            assertThat(PartProcesses.SANDBOX_VARIABLES).contains(part.portEnvironmentVariable());
        }
        assertThat(PartProcesses.SANDBOX_VARIABLES)
                .as("a gateway setting given in the environment still reaches the gateway")
                .doesNotContain("STRANGLER_SHARED_STATE_HOLD_REOPEN_AFTER")
                .allMatch(name -> name.endsWith("_PORT") || name.equals("STRANGLER_SANDBOX_DIR"));
    }
}
