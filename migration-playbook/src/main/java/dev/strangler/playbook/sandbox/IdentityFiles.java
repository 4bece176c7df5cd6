package dev.strangler.playbook.sandbox;

import dev.strangler.infra.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret the sandbox gateway exchanges session tokens with at the identity service (its client
 * secret there, RFC 8693 token exchange): made once by {@code up}, random, kept across {@code down} and
 * {@code up}, written into two files readable by the owner only, one for each side, never on a command
 * line.
 */
final class IdentityFiles {

    /**
     * The gateway's client id at the identity service (the default on both sides): also the audience of the JWTs the
     * identity service issues it, which the catalog service checks.
     */
    static final String CLIENT_ID = "strangler-gateway";

    private IdentityFiles() {}

    /** The identity service's side: its registered client's secret ({@code {noop}}: a local sandbox). */
    static Path service(Path stateDir) {
        return stateDir.resolve("identity").resolve("client.properties");
    }

    /** The gateway's side: {@code strangler.identity.client-secret}. */
    static Path gateway(Path stateDir) {
        return GatewayFiles.dir(stateDir).resolve("identity.properties");
    }

    /** Writes both files unless they are there (then the secret is the one an earlier run made). */
    static void prepare(Path stateDir) {
        Path service = service(stateDir);
        Path gateway = gateway(stateDir);
        if (Files.exists(service) && Files.exists(gateway)) {
            return;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        try {
            Files.createDirectories(service.getParent());
            Files.createDirectories(gateway.getParent());
            PrivateFiles.write(
                    service,
                    "spring.security.oauth2.authorizationserver.client.gateway.registration.client-secret={noop}"
                            + secret + "\n");
            PrivateFiles.write(gateway, "strangler.identity.client-secret=" + secret + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the identity client secret in " + stateDir, e);
        }
    }
}
