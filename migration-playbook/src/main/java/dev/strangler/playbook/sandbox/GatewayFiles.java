package dev.strangler.playbook.sandbox;

import dev.strangler.infra.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The sandbox gateway's files in {@code <state>/gateway}: the route file (created once as pure
 * pass-through to the monolith, then the user's to edit: it survives {@code down} and {@code up}),
 * the admin token (created once, readable by the owner only), the audit log and the overrides.
 */
public final class GatewayFiles {

    static final String ROUTES = "routes.yaml";
    static final String SECRETS = "admin.properties";
    private static final String TOKEN_PROPERTY = "strangler.admin.token=";

    private GatewayFiles() {}

    /** The directory of the gateway's files for a state directory. */
    public static Path dir(Path stateDir) {
        return stateDir.resolve("gateway");
    }

    /** The route file the sandbox gateway watches. */
    public static Path routes(Path stateDir) {
        return dir(stateDir).resolve(ROUTES);
    }

    /** The admin token of the sandbox gateway, once {@code up} created it. */
    public static Optional<String> adminToken(Path stateDir) {
        Path secrets = dir(stateDir).resolve(SECRETS);
        if (!Files.exists(secrets)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(secrets, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith(TOKEN_PROPERTY))
                    .map(l -> l.substring(TOKEN_PROPERTY.length()).trim())
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service of the route file the sandbox's catalog service is. */
    static final String CATALOG_SERVICE = "catalog";

    /**
     * Whether the route file declares {@code credential: jwt} for {@code service}: the one place that says what the
     * service receives, which the sandbox starts the service for. A file that does not say (one made by an earlier
     * version), or that cannot be read (the gateway then refuses it and says why), means {@code as-sent}.
     */
    static boolean takesJwts(Path stateDir, String service) {
        Path routes = routes(stateDir);
        try {
            JsonNode credential = YAMLMapper.builder()
                    .build()
                    .readTree(Files.readString(routes, StandardCharsets.UTF_8))
                    .path("services")
                    .path(service)
                    .path("credential");
            return credential.isString()
                    && "jwt".equalsIgnoreCase(credential.asString().trim());
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * The gateway's files for {@code up --infra-only --monolith-url}: a route file that passes everything to the team's
     * monolith (created once; an existing one is the team's and is kept) and the admin token.
     */
    static Path prepareInFrontOf(SandboxSettings settings, URI monolith) {
        Path dir = dir(settings.stateDir());
        Path routes = dir.resolve(ROUTES);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(routes)) {
                Files.writeString(routes, """
                        # The gateway in front of your monolith. Edit it: the gateway reloads it within a second.
                        # Everything goes to the monolith untouched until a route says otherwise. Paths are the paths
                        # your app sends, context path included; `strangler discover --recording DIR` drafts routes
                        # from recorded traffic. Declare each service under services: (url, timeout, strip-prefix)
                        # and move routes with `strangler route set` or `strangler migrate`.
                        monolith: %s
                        services: {}
                        routes: []
                        """.formatted(monolith), StandardCharsets.UTF_8);
            }
            return secrets(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the gateway files in " + dir, e);
        }
    }

    static Path prepare(SandboxSettings settings) {
        Path dir = dir(settings.stateDir());
        try {
            Files.createDirectories(dir);
            Path routes = dir.resolve(ROUTES);
            if (!Files.exists(routes)) {
                Files.writeString(
                        routes,
                        """
                        # The sandbox gateway's route table. Edit it: the gateway reloads it within a second.
                        # Requests no route matches go to the monolith untouched. The catalog and identity routes
                        # start on the monolith; `strangler route set` (or the tour) moves them, as admin overrides.
                        monolith: %s
                        # A caller who just wrote reads from the side that took the write for 3 s (longer than
                        # the replication lag), so it never misses its own write while the sides sync.
                        read-your-writes: {window: 3s, key: [header:X-Device-Id]}
                        services:
                          catalog:
                            url: %s
                            timeout: 5s
                            credential: jwt          # the identity service's JWT for the app's session token, never the token
                          identity:                  # takes the app's session token as sent: it is the one that knows it
                            url: %s
                            timeout: 5s
                        routes:
                          - id: catalog-read
                            methods: [GET, HEAD]
                            paths: [/api/categories, /api/products, /api/products/*]
                            service: catalog
                            mode: monolith
                            stick-by: [header:X-Device-Id]
                            shadow:
                              delay: 1s              # the service's copy of the data arrives by CDC: compare after the lag
                              ignore: ["$.errors"]   # the monolith itself lists several validation errors in any order
                          - id: catalog-write
                            methods: [PATCH]
                            paths: [/api/admin/products/*]
                            service: catalog
                            mode: monolith
                          - id: identity-read
                            methods: [GET, HEAD]
                            paths: [/api/users/me]
                            service: identity
                            mode: monolith
                            stick-by: [header:X-Device-Id]
                            shadow:
                              delay: 1s              # a session made at login reaches the service by CDC
                          - id: identity-write
                            methods: [POST, PUT]
                            paths: [/api/users/register, /api/auth/login, /api/auth/logout, /api/users/me]
                            service: identity
                            mode: monolith
                        """.formatted(
                                        PartCommands.httpUrl(settings.monolithPort()),
                                        PartCommands.httpUrl(settings.catalogPort()),
                                        PartCommands.httpUrl(settings.identityPort())),
                        StandardCharsets.UTF_8);
            }
            return secrets(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the gateway files in " + dir, e);
        }
    }

    /** The admin token, created once, readable by the owner only; returns {@code dir}. */
    private static Path secrets(Path dir) throws IOException {
        Path secrets = dir.resolve(SECRETS);
        if (!Files.exists(secrets)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            PrivateFiles.write(secrets, TOKEN_PROPERTY + HexFormat.of().formatHex(random) + "\n");
        }
        return dir;
    }
}
