package dev.strangler.playbook.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JVM arguments each Java part of the sandbox is started with (after {@code java} and the sandbox markers). */
final class PartCommands {

    /** The database the monolith uses. */
    static final String MONOLITH_DATABASE = "monolith";

    private PartCommands() {}

    /** A provider stand-in: WireMock standalone serving the stubs in {@code rootDir}. */
    static List<String> provider(Path wireMockJar, int port, Path rootDir) {
        return List.of(
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                wireMockJar.toString(),
                "wiremock.Run",
                "--port",
                Integer.toString(port),
                "--bind-address",
                LOOPBACK,
                "--root-dir",
                rootDir.toString(),
                "--disable-banner",
                // Kept small: the journal is for looking at recent calls (GET /__admin/requests), not an archive.
                "--max-request-journal-entries",
                "1000");
    }

    /** The legacy monolith, pointed at the sandbox's database and provider stand-ins. */
    static List<String> monolith(SandboxSettings settings) {
        return springBoot(
                "-Xmx512m",
                settings.monolithJar(),
                "--server.port=" + settings.monolithPort(),
                "--server.address=" + LOOPBACK,
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/"
                        + MONOLITH_DATABASE,
                databaseCredentials(settings),
                "--providers.payment.base-url=" + httpUrl(settings.paymentPort()),
                "--providers.notification.base-url=" + httpUrl(settings.notificationPort()),
                "--seed.products=" + settings.products());
    }

    /**
     * The catalog service on its own database. With {@code takesJwts} (the route file declares {@code credential:
     * jwt} for it) an OAuth2 resource server: it learns who calls from the identity service's JWTs (verified against
     * its JWKS, issuer and audience checked), which the gateway exchanges the app's session token for, and never asks
     * the monolith; without, it asks the monolith who a session token belongs to.
     */
    static List<String> catalog(SandboxSettings settings, boolean takesJwts) {
        List<String> options = new ArrayList<>(List.of(
                databaseCredentials(settings), "--catalog.monolith.base-url=" + httpUrl(settings.monolithPort())));
        if (takesJwts) {
            String identity = httpUrl(settings.identityPort());
            options.addAll(List.of(
                    "--catalog.jwt.jwks-uri=" + identity + "/oauth2/jwks",
                    "--catalog.jwt.issuer=" + identity,
                    "--catalog.jwt.audience=" + IdentityFiles.CLIENT_ID));
        }
        return extractedService(
                settings, settings.catalogJar(), settings.catalogPort(), ServiceDatabase.CATALOG, options);
    }

    /**
     * The identity service on its own database: the issuer of the JWTs the gateway exchanges session
     * tokens for (its issuer URL is its own address), with the gateway's client secret from a private file.
     */
    static List<String> identity(SandboxSettings settings) {
        return extractedService(
                settings,
                settings.identityJar(),
                settings.identityPort(),
                ServiceDatabase.IDENTITY,
                List.of(
                        "--spring.security.oauth2.authorizationserver.issuer=" + httpUrl(settings.identityPort()),
                        databaseCredentials(settings) + ",file:" + IdentityFiles.service(settings.stateDir())));
    }

    /** An extracted service's jar on this machine only, on its own database of the sandbox's PostgreSQL. */
    private static List<String> extractedService(
            SandboxSettings settings, Path jar, int port, ServiceDatabase database, List<String> more) {
        List<String> command = new ArrayList<>(springBoot(
                "-Xmx384m",
                jar,
                "--server.port=" + port,
                "--server.address=" + LOOPBACK,
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/"
                        + database.name()));
        command.addAll(more);
        return List.copyOf(command);
    }

    /**
     * The strangler gateway in front of the monolith, with its route file, audit log and overrides in
     * {@code gatewayDir} and its admin token read from a properties file there (not on the command line).
     */
    static List<String> gateway(SandboxSettings settings, Path gatewayDir) {
        return gatewayReplica(
                settings,
                gatewayDir,
                gatewayDir,
                "sandbox-gateway",
                settings.gatewayPort(),
                settings.gatewayAdminPort(),
                settings.gatewayManagementPort());
    }

    /**
     * The gateway as {@link #gateway} starts it, for a training run of its class-data archive: with its own state
     * directory and without the sandbox's shared state, where a training run would count as one more replica that
     * every hold waits for until its lease expires.
     */
    static List<String> gatewayForTraining(SandboxSettings settings, Path gatewayDir, Path trainingStateDir) {
        return gateway(settings, gatewayDir).stream()
                .filter(arg -> !arg.startsWith("--strangler.shared-state."))
                .map(arg ->
                        arg.startsWith("--strangler.state-dir=") ? "--strangler.state-dir=" + trainingStateDir : arg)
                .toList();
    }

    /**
     * A gateway replica on the sandbox's route file and admin token ({@code gatewayDir}) and its shared
     * state, with its own state directory (audit log) and ports: the sandbox's own gateway is the first.
     */
    static List<String> gatewayReplica(
            SandboxSettings settings,
            Path gatewayDir,
            Path stateDir,
            String replicaId,
            int port,
            int adminPort,
            int managementPort) {
        return springBoot(
                "-Xmx384m",
                settings.gatewayJar(),
                "--server.port=" + port,
                "--server.address=" + LOOPBACK,
                "--strangler.routes=" + gatewayDir.resolve(GatewayFiles.ROUTES),
                "--strangler.state-dir=" + stateDir,
                "--strangler.admin.port=" + adminPort,
                "--management.server.port=" + managementPort,
                "--management.server.address=" + LOOPBACK,
                // Shadow copies wait for the replication lag (the route's delay), so more are in flight at once. The
                // gateway refuses more than fit in half its heap (4 bodies each): the catalog's answers are small (a
                // page of 100 products is some 13 KB), so 64 KiB bodies keep 512 copies at 128 MiB of the 384.
                "--strangler.shadow.max-concurrent=512",
                "--strangler.shadow.max-body-bytes=65536",
                // Its state lives in the sandbox's PostgreSQL, so more replicas can join it (as bench/cutover-check.sh
                // does).
                "--strangler.shared-state.url=" + GatewayDatabase.jdbcUrl(settings.postgresPort()),
                "--strangler.shared-state.replica-id=" + replicaId,
                // Session tokens are exchanged there for the services whose route file entry says 'credential: jwt'.
                "--strangler.identity.token-uri=" + httpUrl(settings.identityPort()) + "/oauth2/token",
                // As long as a service may take (the route file's timeouts): six JVMs share two cores here, and a first
                // exchange after the identity service started took 2 s in the tour, over the 2 s default.
                "--strangler.identity.timeout=5s",
                "--spring.config.additional-location=file:" + gatewayDir.resolve(GatewayFiles.SECRETS) + ",file:"
                        + SandboxDatabase.credentials(settings.stateDir()) + ",file:"
                        + IdentityFiles.gateway(settings.stateDir()));
    }

    /**
     * The JVM options of every Spring Boot part, fair for a sandbox on a small machine: the serial collector (heaps
     * of 384-512 MB, no GC threads competing for two cores). Not the client compiler alone
     * ({@code -XX:TieredStopAtLevel=1}), although it halves a start's CPU: without C2's SHA-256 intrinsics the
     * PBKDF2 password hashing of the monolith and the identity service took a log in past the contract suite's 10 s
     * (SandboxIT, bench/results/sandbox-start.md).
     */
    static final List<String> SPRING_BOOT_JVM_OPTIONS = List.of("-XX:+UseSerialGC");

    /** A Spring Boot part's command line: its heap, {@link #SPRING_BOOT_JVM_OPTIONS}, its jar, then {@code arguments}. */
    private static List<String> springBoot(String heap, Path jar, String... arguments) {
        List<String> command = new ArrayList<>(List.of(heap));
        command.addAll(SPRING_BOOT_JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(arguments));
        return List.copyOf(command);
    }

    /** The database's user and password, from a private file (never on a command line, which every user can read). */
    private static String databaseCredentials(SandboxSettings settings) {
        return "--spring.config.additional-location=file:" + SandboxDatabase.credentials(settings.stateDir());
    }

    /** Where every part of the sandbox listens: this machine only, never its other interfaces. */
    static final String LOOPBACK = "127.0.0.1";

    static String httpUrl(int port) {
        return "http://" + LOOPBACK + ":" + port;
    }
}
