package dev.strangler.playbook.sandbox;

import dev.strangler.infra.process.FreePorts;
import java.nio.file.Path;

/** Sandbox settings for a test: every port a free one, so that tests and a running sandbox do not collide. */
final class FreePortSettings {

    private FreePortSettings() {}

    static SandboxSettings.Builder builder(Path home) {
        SandboxSettings.Builder b = SandboxSettings.builder(home).gatewayAdminPort(FreePorts.pick());
        for (SandboxPart part : SandboxPart.values()) {
            b.port(part, FreePorts.pick());
        }
        return b;
    }
}
