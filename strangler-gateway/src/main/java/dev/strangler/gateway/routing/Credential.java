package dev.strangler.gateway.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which credential a service receives in {@code Authorization} (the route file's {@code services.NAME.credential}),
 * declared once per service: every route, mode and path that sends a request to the service (service mode, the
 * service side of a canary, a read pinned to the service, a shadow copy) follows it.
 */
public enum Credential {
    /** The app's {@code Authorization} header exactly as sent (the monolith's session token): the default. */
    AS_SENT("as-sent"),
    /**
     * A short-lived JWT of the identity service, exchanged for the app's session token (RFC 8693) and cached; the
     * session token itself never reaches the service. Needs {@code strangler.identity.token-uri}.
     */
    JWT("jwt");

    private final String yamlName;

    Credential(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The route file's spellings, for error messages. */
    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(Credential::yamlName).toList();
    }

    /**
     * @throws IllegalArgumentException for anything but one of {@link #yamlNames()}
     */
    public static Credential parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(c -> c.yamlName.equals(v))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(value));
    }
}
