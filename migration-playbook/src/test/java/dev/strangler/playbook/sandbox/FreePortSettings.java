package dev.strangler.playbook.sandbox;

import dev.strangler.infra.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Sandbox settings for a test: every port a free one, so that tests and a running sandbox do not collide. */
final class FreePortSettings {

    private FreePortSettings() {}

    static SandboxSettings.Builder builder(Path home) {
        int admin = adminPortWithFreeNext();
        // The gateway's metrics listen on the admin port + 1: no part may take that one either.
        Set<Integer> taken = new HashSet<>(Set.of(admin, SandboxSettings.managementPortFor(admin)));
        SandboxSettings.Builder b = SandboxSettings.builder(home).gatewayAdminPort(admin);
        for (SandboxPart part : SandboxPart.values()) {
            b.port(part, pickOtherThan(taken));
        }
        return b;
    }

    /** A free port other than those {@code taken}, which it joins. */
    static int pickOtherThan(Set<Integer> taken) {
        for (int tries = 0; tries < 50; tries++) {
            int port = FreePorts.pick();
            if (taken.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port besides " + taken);
    }

    /** A free port for the gateway's admin API whose next one, the gateway's metrics port, is free too. */
    static int adminPortWithFreeNext() {
        for (int tries = 0; tries < 50; tries++) {
            int port = FreePorts.pick();
            try (ServerSocket next =
                    new ServerSocket(SandboxSettings.managementPortFor(port), 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(
                new IOException("no free pair of ports for the gateway's admin API and its metrics"));
    }
}
