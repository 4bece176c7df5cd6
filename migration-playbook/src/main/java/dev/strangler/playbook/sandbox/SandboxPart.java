package dev.strangler.playbook.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The parts of the sandbox, in start order, each with the command-line option and environment
 * variable that choose its port (so that an error about a port can say how to change it).
 */
public enum SandboxPart {
    POSTGRES("postgres", 15432, "--postgres-port", "STRANGLER_POSTGRES_PORT"),
    /** A single-node KRaft broker; its controller listens on the next port. */
    KAFKA("kafka", 9092, "--kafka-port", "STRANGLER_KAFKA_PORT"),
    /** A Kafka Connect worker (REST API) with Debezium and the strangler plugin. */
    CONNECT("connect", 8083, "--connect-port", "STRANGLER_CONNECT_PORT"),
    PAYMENT_PROVIDER("payment-provider", 9101, "--payment-port", "STRANGLER_PAYMENT_PORT"),
    NOTIFICATION_PROVIDER("notification-provider", 9102, "--notification-port", "STRANGLER_NOTIFICATION_PORT"),
    MONOLITH("monolith", 9001, "--monolith-port", "STRANGLER_MONOLITH_PORT"),
    /** The first extracted service: the catalog, on its own database. */
    CATALOG_SERVICE("catalog-service", 9002, "--catalog-port", "STRANGLER_CATALOG_PORT"),
    /** The strangler gateway in front of the monolith: the port the app talks to. */
    GATEWAY("gateway", 8080, "--gateway-port", "STRANGLER_GATEWAY_PORT"),
    /**
     * The second extracted service: identity (Spring Authorization Server), on its own database, the token
     * endpoint where the gateway exchanges the app's session token for a JWT. Started once the monolith is up.
     */
    IDENTITY_SERVICE("identity-service", 9003, "--identity-port", "STRANGLER_IDENTITY_PORT");

    private final String label;
    private final int defaultPort;
    private final String portOption;
    private final String portEnvironmentVariable;

    SandboxPart(String label, int defaultPort, String portOption, String portEnvironmentVariable) {
        this.label = label;
        this.defaultPort = defaultPort;
        this.portOption = portOption;
        this.portEnvironmentVariable = portEnvironmentVariable;
    }

    /** The name shown to users and written to the state file, e.g. {@code payment-provider}. */
    @JsonValue
    public String label() {
        return label;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String portOption() {
        return portOption;
    }

    public String portEnvironmentVariable() {
        return portEnvironmentVariable;
    }

    @JsonCreator
    static SandboxPart fromLabel(String label) {
        return Arrays.stream(values())
                .filter(p -> p.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown sandbox part '" + label + "', expected one of "
                        + Arrays.stream(values()).map(SandboxPart::label).toList()));
    }
}
