package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.strangler.gateway.GatewayApplication;
import dev.strangler.gateway.admin.AdminServer;
import dev.strangler.gateway.hold.CutoverRecords;
import dev.strangler.gateway.live.LiveRoutes;
import dev.strangler.gateway.progress.MigrationProgressRecords;
import dev.strangler.gateway.reload.RouteFileWatcher;
import dev.strangler.gateway.routing.StrangledRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway for real on a random port, with WireMock standing in for the monolith and one extracted
 * service, a route file in a temp directory, and the admin API on its own port. One application
 * context serves every test class; each test starts from the routes it writes and no overrides.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "strangler.admin.port=0",
            "management.server.port=0",
            "strangler.reload-interval=100ms",
            "strangler.admin.token=" + GatewayTestBase.ADMIN_TOKEN,
            "strangler.admin.read-token=" + GatewayTestBase.READ_TOKEN,
            "strangler.breaker.window=4",
            "strangler.breaker.minimum-calls=4",
            "strangler.breaker.open-for=3s",
            "strangler.shadow.max-concurrent=4",
            "strangler.shadow.timeout=3s",
            // The test's own calls come from 127.0.0.1, standing in for a load balancer (see ClientAddressTest).
            "strangler.trusted-proxies=127.0.0.1",
            // Identity propagation, for services that declare 'credential: jwt' (IdentityPropagationTest): a short
            // TTL so that a test can wait it out.
            "strangler.identity.client-secret=" + GatewayTestBase.IDENTITY_CLIENT_SECRET,
            "strangler.identity.cache-ttl=1s",
            "strangler.identity.timeout=1s",
            // No second look at a refused token: its wait would carry one test's exchange into the next test's
            // stubs for the same token (IdentityPropagationCacheTest proves the second look).
            "strangler.identity.recheck-after=0s"
        })
abstract class GatewayTestBase {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    static final String READ_TOKEN = "test-read-token-0123456789";
    static final String IDENTITY_CLIENT_SECRET = "test-gateway-secret";

    static final WireMockServer MONOLITH = started();
    static final WireMockServer SERVICE = started();
    /** The identity service's token endpoint ({@code /oauth2/token}) and JWKS. */
    static final WireMockServer IDENTITY = started();

    static final Path DIR = tempDir();
    static final Path ROUTES = DIR.resolve("routes.yaml");

    static {
        write("monolith: " + MONOLITH.baseUrl() + "\n");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    AdminServer admin;

    @Autowired
    LiveRoutes routes;

    @Autowired
    RouteFileWatcher watcher;

    @Autowired
    ReactiveResilience4JCircuitBreakerFactory breakers;

    @Autowired
    CutoverRecords cutovers;

    @Autowired
    MigrationProgressRecords migrations;

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) {
        registry.add("strangler.routes", ROUTES::toString);
        registry.add("strangler.state-dir", () -> DIR.resolve("state").toString());
        registry.add("strangler.identity.token-uri", () -> IDENTITY.baseUrl() + "/oauth2/token");
    }

    @BeforeEach
    void cleanSlate() {
        MONOLITH.resetAll();
        SERVICE.resetAll();
        IDENTITY.resetAll();
        routes.killSwitch(false, "test", "clean slate");
        cutovers.all().forEach(c -> cutovers.remove(c.name(), "test", "clean slate"));
        migrations.all().forEach(m -> migrations.remove(m.feature()));
        breakers.getCircuitBreakerRegistry().getAllCircuitBreakers().forEach(b -> b.reset());
        for (StrangledRoute r : routes.current().table().routes()) {
            routes.clearOverride(r.id(), "test", "clean slate");
        }
    }

    /** Writes the route file (monolith and service 'catalog' filled in) and makes it live now. */
    void useRoutes(String routesYaml) {
        useRoutes(MONOLITH.baseUrl(), SERVICE.baseUrl(), "600ms", routesYaml);
    }

    /** As {@link #useRoutes(String)}, with the monolith and service 'catalog' elsewhere (a proxy in front of the stubs). */
    void useRoutes(String monolithUrl, String catalogUrl, String catalogTimeout, String routesYaml) {
        useFile("monolith: " + monolithUrl + "\nservices:\n  catalog:\n    url: " + catalogUrl + "\n    timeout: "
                + catalogTimeout + "\n" + routesYaml);
    }

    /** Writes the whole route file and makes it live now. */
    void useFile(String text) {
        write(text);
        watcher.checkNow();
        assertThat(routes.lastReload().accepted())
                .as(routes.lastReload().message())
                .isTrue();
    }

    static void write(String text) {
        try {
            Path tmp = DIR.resolve("routes.yaml.tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, ROUTES, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    HttpResponse<String> fetch(String pathAndQuery, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> admin(String method, String path, String token, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(
                method,
                jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        return send(b.build());
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .asynchronousResponseEnabled(true)
                .containerThreads(40));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("strangler-gateway-it");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // best effort: it is a temp directory
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
