package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SandboxSettingsTest {

    private static final Path HOME = Path.of("/opt/strangler");

    @Test
    void defaultsAreTheDocumentedPortsAndAStateDirInThePlaybookModule() {
        SandboxSettings settings = SandboxSettings.defaults(HOME);

        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.monolithPort()).isEqualTo(9001);
        assertThat(settings.paymentPort()).isEqualTo(9101);
        assertThat(settings.notificationPort()).isEqualTo(9102);
        assertThat(settings.products()).isEqualTo(200);
        assertThat(settings.stateDir()).isEqualTo(Path.of("/opt/strangler/migration-playbook/.sandbox"));
        assertThat(settings.monolithJar())
                .isEqualTo(Path.of("/opt/strangler/legacy-monolith/target/legacy-monolith-0.1.0-SNAPSHOT.jar"));
    }

    @Test
    void infraOnlyNeedsNoneOfTheReferenceStacksJarsOrPortsAndTheGatewayOnlyInFrontOfAMonolithOfTheirs() {
        SandboxSettings infra = SandboxSettings.builder(HOME)
                .stateDir(HOME)
                .port(SandboxPart.MONOLITH, 15432) // the postgres port: never taken, so no clash
                .infraOnly(true, null)
                .build();
        assertThat(infra.parts()).containsExactly(SandboxPart.POSTGRES, SandboxPart.KAFKA, SandboxPart.CONNECT);
        assertThat(infra.jars()).isEmpty();
        assertThat(infra.portUses())
                .extracting(SandboxSettings.PortUse::label)
                .doesNotContain(SandboxPart.MONOLITH.label(), SandboxPart.GATEWAY.label(), "gateway admin API");
        SandboxSettings withGateway = infra.toBuilder()
                .infraOnly(true, URI.create("http://127.0.0.1:8080/app"))
                .build();
        assertThat(withGateway.jars().keySet()).containsExactly("gateway");
        assertThat(withGateway.parts()).contains(SandboxPart.GATEWAY).doesNotContain(SandboxPart.MONOLITH);
    }

    @Test
    void aMonolithUrlWithoutInfraOnlyOrNotHttpIsRefused() {
        assertThatThrownBy(() -> SandboxSettings.builder(HOME)
                        .stateDir(HOME)
                        .infraOnly(false, URI.create("http://127.0.0.1:8080"))
                        .build())
                .hasMessageContaining("--monolith-url goes with --infra-only");
        assertThatThrownBy(() -> SandboxSettings.builder(HOME)
                        .stateDir(HOME)
                        .infraOnly(true, URI.create("ftp://legacy/app"))
                        .build())
                .hasMessageContaining("--monolith-url must be an http(s) URL");
    }

    @Test
    void twoPartsOnOnePortAreRejectedNamingTheOptionToChange() {
        assertThatThrownBy(() -> SandboxSettings.builder(HOME)
                        .stateDir(HOME)
                        .port(SandboxPart.PAYMENT_PROVIDER, 9001)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payment-provider and monolith ports are both 9001")
                .hasMessageContaining("--monolith-port or STRANGLER_MONOLITH_PORT");
    }

    @Test
    void aPortOutOfRangeIsRejectedNamingThePart() {
        assertThatThrownBy(() -> SandboxSettings.builder(HOME)
                        .stateDir(HOME)
                        .port(SandboxPart.POSTGRES, 70000)
                        .build())
                .hasMessageContaining("postgres port must be 1..65535, was 70000")
                .hasMessageContaining("--postgres-port");
    }
}
