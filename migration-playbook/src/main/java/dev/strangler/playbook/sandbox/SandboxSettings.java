package dev.strangler.playbook.sandbox;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sandbox up} starts: where the toolkit is ({@code home}, the repository root holding the
 * built monolith jar), where the sandbox keeps its state and logs, the port of each part, and how many
 * products the monolith seeds on its first start. Build them with {@link #builder} (or {@link #defaults}):
 * the canonical constructor takes ten ports in a row.
 *
 * @param products         the products the monolith seeds into an empty catalog (a kept database keeps its catalog)
 * @param productsExplicit true when the user asked for {@code products} ({@code --products}) rather than took the
 *                         default: {@code up} then refuses a kept catalog of another size instead of keeping it
 * @param infraOnly        only PostgreSQL, Kafka and Kafka Connect ({@code --infra-only}): for a team that brings its
 *                         own monolith and needs the pipeline next to it, without the reference stack's five JVMs
 * @param ownMonolith      with {@code infraOnly}, the team's monolith ({@code --monolith-url}): the gateway is started
 *                         in front of it too; null for none
 * @param classData        start the Spring Boot parts from their class-data-sharing archives when fresh ones are kept in
 *                         {@link #classDataDir()}, and make them when not ({@code --no-class-data} turns both off)
 */
public record SandboxSettings(
        Path home,
        Path stateDir,
        int postgresPort,
        int monolithPort,
        int paymentPort,
        int notificationPort,
        int products,
        boolean productsExplicit,
        int gatewayPort,
        int gatewayAdminPort,
        int kafkaPort,
        int connectPort,
        int catalogPort,
        int identityPort,
        boolean infraOnly,
        URI ownMonolith,
        boolean classData) {

    /** The gateway's admin API port unless told otherwise; its metrics listen on the next port. */
    public static final int DEFAULT_GATEWAY_ADMIN_PORT = 9081;

    /** A port the sandbox takes, with the option and environment variable that change it. */
    public record PortUse(String label, int port, String option, String environmentVariable) {}

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
        if (ownMonolith != null && !infraOnly) {
            throw new IllegalArgumentException(
                    "--monolith-url goes with --infra-only: the full sandbox runs its own monolith");
        }
        if (ownMonolith != null
                && (ownMonolith.getHost() == null || !List.of("http", "https").contains(ownMonolith.getScheme()))) {
            throw new IllegalArgumentException(
                    "--monolith-url must be an http(s) URL such as http://127.0.0.1:8080/app, was " + ownMonolith);
        }
        List<PortUse> uses = portUses(
                infraOnly,
                ownMonolith != null,
                postgresPort,
                monolithPort,
                paymentPort,
                notificationPort,
                gatewayPort,
                gatewayAdminPort,
                kafkaPort,
                connectPort,
                catalogPort,
                identityPort);
        for (PortUse use : uses) {
            if (use.port() < 1 || use.port() > 65535) {
                throw new IllegalArgumentException("the " + use.label() + " port must be 1..65535, was " + use.port()
                        + " (" + use.option() + " or " + use.environmentVariable() + ")");
            }
        }
        for (int i = 0; i < uses.size(); i++) {
            for (int j = i + 1; j < uses.size(); j++) {
                if (uses.get(i).port() == uses.get(j).port()) {
                    PortUse other = uses.get(j);
                    throw new IllegalArgumentException(
                            "the " + uses.get(i).label() + " and " + other.label() + " ports are both "
                                    + other.port() + "; give one of them another port with " + other.option() + " or "
                                    + other.environmentVariable());
                }
            }
        }
    }

    /** Every port the sandbox takes, parts first, then the gateway's admin API and its metrics (admin port + 1). */
    public List<PortUse> portUses() {
        return portUses(
                infraOnly,
                ownMonolith != null,
                postgresPort,
                monolithPort,
                paymentPort,
                notificationPort,
                gatewayPort,
                gatewayAdminPort,
                kafkaPort,
                connectPort,
                catalogPort,
                identityPort);
    }

    /**
     * The parts {@code up} starts: all of them; with {@code --infra-only} PostgreSQL, Kafka and Connect, and the gateway
     * when a monolith of the user's is named for it to stand in front of.
     */
    public List<SandboxPart> parts() {
        return parts(infraOnly, ownMonolith != null);
    }

    private static List<SandboxPart> parts(boolean infraOnly, boolean gateway) {
        if (!infraOnly) {
            return List.of(SandboxPart.values());
        }
        return gateway
                ? List.of(SandboxPart.POSTGRES, SandboxPart.KAFKA, SandboxPart.CONNECT, SandboxPart.GATEWAY)
                : List.of(SandboxPart.POSTGRES, SandboxPart.KAFKA, SandboxPart.CONNECT);
    }

    private static List<PortUse> portUses(
            boolean infraOnly,
            boolean ownGateway,
            int postgres,
            int monolith,
            int payment,
            int notification,
            int gateway,
            int admin,
            int kafka,
            int connect,
            int catalog,
            int identity) {
        List<PortUse> uses = new ArrayList<>();
        Map<SandboxPart, Integer> byPart = new EnumMap<>(SandboxPart.class);
        byPart.put(SandboxPart.POSTGRES, postgres);
        byPart.put(SandboxPart.KAFKA, kafka);
        byPart.put(SandboxPart.CONNECT, connect);
        byPart.put(SandboxPart.PAYMENT_PROVIDER, payment);
        byPart.put(SandboxPart.NOTIFICATION_PROVIDER, notification);
        byPart.put(SandboxPart.MONOLITH, monolith);
        byPart.put(SandboxPart.CATALOG_SERVICE, catalog);
        byPart.put(SandboxPart.GATEWAY, gateway);
        byPart.put(SandboxPart.IDENTITY_SERVICE, identity);
        List<SandboxPart> parts = parts(infraOnly, ownGateway);
        for (SandboxPart part : parts) {
            uses.add(new PortUse(part.label(), byPart.get(part), part.portOption(), part.portEnvironmentVariable()));
        }
        uses.add(new PortUse("kafka controller (kafka port + 1)", kafka + 1, "--kafka-port", "STRANGLER_KAFKA_PORT"));
        if (parts.contains(SandboxPart.GATEWAY)) {
            uses.add(new PortUse("gateway admin API", admin, "--gateway-admin-port", "STRANGLER_GATEWAY_ADMIN_PORT"));
            uses.add(new PortUse(
                    "gateway metrics (admin port + 1)",
                    admin + 1,
                    "--gateway-admin-port",
                    "STRANGLER_GATEWAY_ADMIN_PORT"));
        }
        return uses;
    }

    /** The gateway's metrics and health endpoints: next to its admin API. */
    public int gatewayManagementPort() {
        return managementPortFor(gatewayAdminPort);
    }

    /** The sandbox gateway's management port (metrics, health) for its admin port: the next one. */
    public static int managementPortFor(int adminPort) {
        return adminPort + 1;
    }

    /** The documented defaults: state in {@code <home>/migration-playbook/.sandbox}, fixed ports, 200 products. */
    public static SandboxSettings defaults(Path home) {
        return builder(home).build();
    }

    /** Settings from the documented defaults, each changed by name. */
    public static Builder builder(Path home) {
        return new Builder(home);
    }

    /** These settings, to change some of them by name. */
    public Builder toBuilder() {
        Builder b = new Builder(home)
                .stateDir(stateDir)
                .gatewayAdminPort(gatewayAdminPort)
                .products(products)
                .productsExplicit(productsExplicit)
                .infraOnly(infraOnly, ownMonolith)
                .classData(classData);
        for (SandboxPart part : SandboxPart.values()) {
            b.port(part, port(part));
        }
        return b;
    }

    /** Sandbox settings by name: what is not set keeps its documented default. */
    public static final class Builder {
        private final Path home;
        private Path stateDir;
        private final Map<SandboxPart, Integer> ports = new EnumMap<>(SandboxPart.class);
        private int gatewayAdminPort = DEFAULT_GATEWAY_ADMIN_PORT;
        private int products = DEFAULT_PRODUCTS;
        private boolean productsExplicit;
        private boolean infraOnly;
        private URI ownMonolith;
        private boolean classData = true;

        private Builder(Path home) {
            this.home = home;
            this.stateDir = home == null ? null : defaultStateDir(home);
            for (SandboxPart part : SandboxPart.values()) {
                ports.put(part, part.defaultPort());
            }
        }

        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        /** The port of one part. */
        public Builder port(SandboxPart part, int port) {
            ports.put(part, port);
            return this;
        }

        public Builder gatewayAdminPort(int port) {
            this.gatewayAdminPort = port;
            return this;
        }

        public Builder products(int products) {
            this.products = products;
            return this;
        }

        /** True when the user asked for the number of products rather than took the default. */
        public Builder productsExplicit(boolean explicit) {
            this.productsExplicit = explicit;
            return this;
        }

        /** The settings, checked as the record checks them (ports in range and distinct, products >= 0). */
        /** Only the infrastructure; with {@code ownMonolith}, the gateway too, in front of it. */
        public Builder infraOnly(boolean infraOnly, URI ownMonolith) {
            this.infraOnly = infraOnly;
            this.ownMonolith = ownMonolith;
            return this;
        }

        /** Whether the Spring Boot parts use (and {@code up} makes) class-data-sharing archives; on by default. */
        public Builder classData(boolean classData) {
            this.classData = classData;
            return this;
        }

        public SandboxSettings build() {
            return new SandboxSettings(
                    home,
                    stateDir,
                    ports.get(SandboxPart.POSTGRES),
                    ports.get(SandboxPart.MONOLITH),
                    ports.get(SandboxPart.PAYMENT_PROVIDER),
                    ports.get(SandboxPart.NOTIFICATION_PROVIDER),
                    products,
                    productsExplicit,
                    ports.get(SandboxPart.GATEWAY),
                    gatewayAdminPort,
                    ports.get(SandboxPart.KAFKA),
                    ports.get(SandboxPart.CONNECT),
                    ports.get(SandboxPart.CATALOG_SERVICE),
                    ports.get(SandboxPart.IDENTITY_SERVICE),
                    infraOnly,
                    ownMonolith,
                    classData);
        }
    }

    /**
     * Where the class-data-sharing archives of the Spring Boot jars are kept: once per checkout (they belong to its
     * jars), for every state directory, outside any of them so that {@code down --wipe} keeps them. Never committed.
     */
    public Path classDataDir() {
        return home.resolve("migration-playbook").resolve(".class-data");
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
            case GATEWAY -> gatewayPort;
            case KAFKA -> kafkaPort;
            case CONNECT -> connectPort;
            case CATALOG_SERVICE -> catalogPort;
            case IDENTITY_SERVICE -> identityPort;
        };
    }

    /** Every jar {@code up} runs, by what it is, in the order it checks them: each must be built first. */
    public Map<String, Path> jars() {
        Map<String, Path> jars = new LinkedHashMap<>();
        if (!infraOnly) {
            jars.put("monolith", monolithJar());
        }
        if (parts().contains(SandboxPart.GATEWAY)) {
            jars.put("gateway", gatewayJar());
        }
        if (!infraOnly) {
            jars.put("catalog service", catalogJar());
            jars.put("identity service", identityJar());
        }
        return jars;
    }

    /** The gateway's executable jar, as {@code mvn install} builds it. */
    public Path gatewayJar() {
        return home.resolve("strangler-gateway").resolve("target").resolve("strangler-gateway-0.1.0-SNAPSHOT.jar");
    }

    /** The catalog service's executable jar, as {@code mvn install} builds it. */
    public Path catalogJar() {
        return home.resolve("extracted-services")
                .resolve("catalog-service")
                .resolve("target")
                .resolve("catalog-service-0.1.0-SNAPSHOT.jar");
    }

    /** The identity service's executable jar, as {@code mvn install} builds it. */
    public Path identityJar() {
        return home.resolve("extracted-services")
                .resolve("identity-service")
                .resolve("target")
                .resolve("identity-service-0.1.0-SNAPSHOT.jar");
    }

    /** The monolith's executable jar, as {@code mvn install} builds it. */
    public Path monolithJar() {
        return home.resolve("legacy-monolith").resolve("target").resolve("legacy-monolith-0.1.0-SNAPSHOT.jar");
    }
}
