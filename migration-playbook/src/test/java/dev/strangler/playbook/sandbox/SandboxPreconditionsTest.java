package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.infra.process.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code up} checks before it starts anything. */
class SandboxPreconditionsTest {

    @TempDir
    Path home;

    private final Sandbox sandbox = new Sandbox(line -> {});

    private SandboxSettings settings(int monolithPort) {
        return FreePortSettings.builder(home)
                .stateDir(home.resolve("state"))
                .port(SandboxPart.MONOLITH, monolithPort)
                .products(5)
                .build();
    }

    @Test
    void aMissingMonolithJarIsNamedWithHowToBuildIt() {
        assertThatThrownBy(() -> sandbox.up(settings(FreePorts.pick())))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining(home.resolve("legacy-monolith/target/legacy-monolith-0.1.0-SNAPSHOT.jar")
                        .toString())
                .hasMessageContaining("is missing")
                .hasMessageContaining("mvn -q install -DskipTests");
    }

    @Test
    void aTakenPortIsNamedWithTheSettingToChangeAndNothingStarts() throws Exception {
        for (Path jar : SandboxSettings.builder(home).build().jars().values()) {
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "not really a jar: the port check comes first");
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> sandbox.up(settings(port)))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("port " + port + " (monolith) is already in use")
                    .hasMessageContaining("--monolith-port <port> or STRANGLER_MONOLITH_PORT=<port>");
        }
        assertThat(home.resolve("state").resolve(StateFile.NAME)).doesNotExist();
    }
}
