package dev.strangler.playbook.sandbox;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@code sandbox up} starts: where the toolkit is ({@code home}, the repository root holding the
 * built monolith jar), where the sandbox keeps its state and logs, the port of each part, and how many
 * products the monolith seeds on its first start.
 */
public record SandboxSettings(Path home, Path stateDir, int postgresPort, int monolithPort, int paymentPort,
                              int notificationPort, int products) {

    /** Products the monolith seeds when nothing else is asked for. */
    public static final int DEFAULT_PRODUCTS = 200;

    public SandboxSettings {
        if (home == null || stateDir == null) {
            throw new IllegalArgumentException("home and stateDir are required");
        }
        home = home.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
        if (products < 0) {
            throw new IllegalArgumentException("products must be >= 0, was " + products);
        }
        Map<SandboxPart, Integer> ports = new EnumMap<>(SandboxPart.class);
        ports.put(SandboxPart.POSTGRES, postgresPort);
        ports.put(SandboxPart.PAYMENT_PROVIDER, paymentPort);
        ports.put(SandboxPart.NOTIFICATION_PROVIDER, notificationPort);
        ports.put(SandboxPart.MONOLITH, monolithPort);
        ports.forEach((part, port) -> {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the " + part.label() + " port must be 1..65535, was " + port
                        + " (" + part.portOption() + " or " + part.portEnvironmentVariable() + ")");
            }
        });
        ports.forEach((part, port) -> ports.forEach((other, otherPort) -> {
            if (part.ordinal() < other.ordinal() && port.equals(otherPort)) {
                throw new IllegalArgumentException("the " + part.label() + " and " + other.label() + " ports are both " + port
                        + "; give one of them another port with " + other.portOption() + " or " + other.portEnvironmentVariable());
            }
        }));
    }

    /** The documented defaults: state in {@code <home>/migration-playbook/.sandbox}, fixed ports, 200 products. */
    public static SandboxSettings defaults(Path home) {
        return new SandboxSettings(home, defaultStateDir(home), SandboxPart.POSTGRES.defaultPort(),
                SandboxPart.MONOLITH.defaultPort(), SandboxPart.PAYMENT_PROVIDER.defaultPort(),
                SandboxPart.NOTIFICATION_PROVIDER.defaultPort(), DEFAULT_PRODUCTS);
    }

    /** Where the sandbox keeps its state unless told otherwise. */
    public static Path defaultStateDir(Path home) {
        return home.resolve("migration-playbook").resolve(".sandbox");
    }

    /** The port chosen for a part. */
    public int port(SandboxPart part) {
        return switch (part) {
            case POSTGRES -> postgresPort;
            case PAYMENT_PROVIDER -> paymentPort;
            case NOTIFICATION_PROVIDER -> notificationPort;
            case MONOLITH -> monolithPort;
        };
    }

    /** The monolith's executable jar, as {@code mvn install} builds it. */
    public Path monolithJar() {
        return home.resolve("legacy-monolith").resolve("target").resolve("legacy-monolith-0.1.0-SNAPSHOT.jar");
    }
}
