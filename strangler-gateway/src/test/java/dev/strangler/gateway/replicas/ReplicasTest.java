package dev.strangler.gateway.replicas;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.strangler.gateway.GatewayApplication;
import dev.strangler.gateway.admin.AdminServer;
import dev.strangler.infra.postgres.SharedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Several gateway replicas on one shared state in a real PostgreSQL, each a whole gateway on its own
 * ports, with WireMock as monolith and service: a change made through one replica's admin API holds
 * on all of them.
 */
class ReplicasTest {

    private static final String TOKEN = "replicas-admin-token-0123456789";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final WireMockServer MONOLITH =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(40));
    private static final WireMockServer SERVICE =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(40));
    private static final String DATABASE = SharedPostgres.freshDatabase("gateway_shared");
    private static Path dir;
    private static Replica a;
    private static Replica b;

    record Replica(String name, ConfigurableApplicationContext context, int port, int adminPort)
            implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    @BeforeAll
    static void replicas() throws IOException {
        MONOLITH.start();
        SERVICE.start();
        dir = Files.createTempDirectory("strangler-replicas");
        Files.writeString(
                dir.resolve("routes.yaml"),
                "monolith: " + MONOLITH.baseUrl()
                        + "\nread-your-writes: {window: 60s, key: [header:X-Device-Id]}\nservices:\n  catalog:\n    url: "
                        + SERVICE.baseUrl()
                        + "\n    timeout: 5s\nroutes:\n"
                        + "  - {id: catalog-write, methods: [PATCH], paths: [\"/api/admin/products/*\"], service: catalog, mode: monolith}\n"
                        + "  - {id: catalog-read, methods: [GET], paths: [\"/api/products/**\"], service: catalog, mode: monolith}\n");
        a = start("a", SharedPostgres.cluster().user(), SharedPostgres.cluster().password());
        b = start("b", SharedPostgres.cluster().user(), SharedPostgres.cluster().password());
    }

    @AfterAll
    static void stop() {
        for (Replica r : new Replica[] {a, b}) {
            if (r != null) {
                r.close();
            }
        }
        MONOLITH.stop();
        SERVICE.stop();
    }

    @BeforeEach
    void cleanSlate() {
        MONOLITH.resetAll();
        SERVICE.resetAll();
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("service")));
        admin(a, "PUT", "/admin/routes/catalog-write", "{\"mode\":\"monolith\",\"reason\":\"clean slate\"}");
        admin(a, "PUT", "/admin/routes/catalog-read", "{\"mode\":\"monolith\",\"reason\":\"clean slate\"}");
        admin(a, "DELETE", "/admin/cutovers/catalog?reason=clean", null);
        admin(a, "DELETE", "/admin/migrations/catalog", null);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> patch(b, "/api/admin/products/1").body().equals("monolith"));
        MONOLITH.resetRequests();
    }

    @Test
    void aModeChangeThroughOneReplicaIsLiveOnTheOther() {
        admin(a, "PUT", "/admin/routes/catalog-write", "{\"mode\":\"service\",\"reason\":\"cut over\"}");

        await().atMost(Duration.ofSeconds(3))
                .until(() -> patch(b, "/api/admin/products/1").body().equals("service"));
        assertThat(admin(b, "GET", "/admin/routes/catalog-write", null).body()).contains("\"mode\":\"service\"");
    }

    @Test
    void aMigrationsProgressReportedThroughOneReplicaIsShownByTheOtherWithinASecond() {
        HttpResponse<String> put = admin(
                a,
                "PUT",
                "/admin/migrations/catalog",
                "{\"feature\":\"catalog\",\"routes\":[\"catalog-read\"],\"step\":2,\"steps\":4,"
                        + "\"phase\":\"canary 10%\",\"status\":\"running\","
                        + "\"next\":\"waiting for data: shadow comparisons 12 of 20\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> admin(b, "GET", "/admin/migrations", null).body().contains("shadow comparisons 12 of 20"));

        admin(b, "DELETE", "/admin/migrations/catalog", null);
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> admin(a, "GET", "/admin/migrations", null).body().equals("[]"));
    }

    @Test
    void aHoldThroughOneReplicaIsGrantedOnlyOnceTheWritesInFlightOnTheOtherHaveFinished() throws Exception {
        MONOLITH.stubFor(any(urlEqualTo("/api/admin/products/8"))
                .willReturn(
                        aResponse().withStatus(200).withBody("slow monolith").withFixedDelay(2_000)));
        long sent = System.nanoTime();
        CompletableFuture<HttpResponse<String>> inFlightOnB =
                CompletableFuture.supplyAsync(() -> patch(b, "/api/admin/products/8"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/8")))
                        .isEmpty());

        HttpResponse<String> granted = admin(
                a,
                "POST",
                "/admin/routes/catalog-write/hold",
                "{\"reason\":\"write cutover\",\"limitMillis\":10000,\"drainMillis\":5000}");

        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - sent))
                .as("granted after the write on the other replica was answered (2 s)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2_000));
        assertThat(inFlightOnB.get(1, TimeUnit.SECONDS).body()).isEqualTo("slow monolith");

        CompletableFuture<HttpResponse<String>> heldOnB =
                CompletableFuture.supplyAsync(() -> patch(b, "/api/admin/products/9"));
        Thread.sleep(300);
        assertThat(heldOnB).as("a write on the other replica waits").isNotDone();
        admin(a, "PUT", "/admin/routes/catalog-write", "{\"mode\":\"service\",\"reason\":\"flip\"}");
        assertThat(admin(a, "DELETE", "/admin/routes/catalog-write/hold?reason=flipped", null)
                        .statusCode())
                .isEqualTo(200);

        assertThat(heldOnB.get(5, TimeUnit.SECONDS).body())
                .as("released on the other replica to the new owner")
                .isEqualTo("service");
        assertThat(MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/9"))))
                .isEmpty();
    }

    @Test
    void aReplicaThatClosedAtItsQuietMomentLetsWritesThroughWhileAnotherStillDrainsASlowWrite() throws Exception {
        MONOLITH.stubFor(any(urlEqualTo("/api/admin/products/8"))
                .willReturn(
                        aResponse().withStatus(200).withBody("slow monolith").withFixedDelay(2_500)));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture<HttpResponse<String>> slowOnB =
                    CompletableFuture.supplyAsync(() -> patch(b, "/api/admin/products/8"), callers);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/8")))
                            .isEmpty());
            // Quiet wait: a quarter of the limit, 3 s; B's slow write ends within it, so B closes at a quiet moment
            // too.
            CompletableFuture<HttpResponse<String>> hold = CompletableFuture.supplyAsync(
                    () -> admin(
                            a,
                            "POST",
                            "/admin/routes/catalog-write/hold",
                            "{\"reason\":\"write cutover\",\"limitMillis\":12000,\"drainMillis\":8000}"),
                    callers);
            Thread.sleep(600);

            HttpResponse<String> onA = CompletableFuture.supplyAsync(() -> patch(a, "/api/admin/products/2"), callers)
                    .get(1_500, TimeUnit.MILLISECONDS);

            assertThat(onA.body())
                    .as("answered while B still drains, not held until the grant")
                    .isEqualTo("monolith");
            assertThat(slowOnB).as("B's slow write was still in flight").isNotDone();
            assertThat(hold).as("not granted while B's slow write is in flight").isNotDone();

            HttpResponse<String> granted = hold.get(10, TimeUnit.SECONDS);
            assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
            assertThat(slowOnB.get(1, TimeUnit.SECONDS).body()).isEqualTo("slow monolith");
            CompletableFuture<HttpResponse<String>> heldOnA =
                    CompletableFuture.supplyAsync(() -> patch(a, "/api/admin/products/3"), callers);
            CompletableFuture<HttpResponse<String>> heldOnB =
                    CompletableFuture.supplyAsync(() -> patch(b, "/api/admin/products/3"), callers);
            Thread.sleep(400);
            assertThat(heldOnA).as("once granted, held on A").isNotDone();
            assertThat(heldOnB).as("once granted, held on B").isNotDone();
            admin(a, "PUT", "/admin/routes/catalog-write", "{\"mode\":\"service\",\"reason\":\"flip\"}");
            admin(a, "DELETE", "/admin/routes/catalog-write/hold?reason=flipped", null);
            assertThat(heldOnA.get(5, TimeUnit.SECONDS).body()).isEqualTo("service");
            assertThat(heldOnB.get(5, TimeUnit.SECONDS).body()).isEqualTo("service");
            assertThat(MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/3"))))
                    .as("nothing held reached the old owner")
                    .isEmpty();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aFlipWithItsReleaseOnOneReplicaIsToldTheOthersOnceAndTheirHeldWritesGoToTheNewOwner() throws Exception {
        assertThat(admin(
                                a,
                                "POST",
                                "/admin/routes/catalog-write/hold",
                                "{\"reason\":\"write cutover\",\"limitMillis\":10000}")
                        .statusCode())
                .isEqualTo(200);
        CompletableFuture<HttpResponse<String>> heldOnB =
                CompletableFuture.supplyAsync(() -> patch(b, "/api/admin/products/4"));
        Thread.sleep(300);
        assertThat(heldOnB).as("held on the other replica").isNotDone();
        try (Connection listening = SharedPostgres.cluster().connect(DATABASE)) {
            try (Statement st = listening.createStatement()) {
                st.execute("LISTEN " + SharedState.CHANNEL);
            }

            HttpResponse<String> taken = admin(
                    a,
                    "POST",
                    "/admin/cutovers/catalog/steps",
                    "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],\"step\":\"flipping\","
                            + "\"holding\":true,\"reason\":\"write cutover\",\"then\":\"flip-to-service\","
                            + "\"releaseStep\":\"releasing\"}");

            assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
            assertThat(heldOnB.get(5, TimeUnit.SECONDS).body())
                    .as("released on the other replica to the new owner")
                    .isEqualTo("service");
            Thread.sleep(300); // anything told late would be here by now
            PGNotification[] told = listening.unwrap(PGConnection.class).getNotifications(100);
            assertThat(
                            told == null
                                    ? List.<String>of()
                                    : Arrays.stream(told)
                                            .map(PGNotification::getParameter)
                                            .filter(p -> !p.startsWith(SharedState.PIN))
                                            .toList())
                    .as("the flip, its two records and the release told the other replicas once, at the end")
                    .hasSize(1);
        }
        assertThat(MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/4"))))
                .isEmpty();
    }

    @Test
    void aCutoverThatDiedHalfWayFencesEveryReplicaOnceItsHoldExpires() {
        admin(
                a,
                "PUT",
                "/admin/cutovers/catalog",
                "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],\"step\":\"handing-over\","
                        + "\"holding\":true,\"reason\":\"cutover\"}");
        admin(a, "POST", "/admin/routes/catalog-write/hold", "{\"reason\":\"cutover that dies\",\"limitMillis\":500}");

        HttpResponse<String> onB = patch(b, "/api/admin/products/7");

        assertThat(onB.statusCode()).isEqualTo(503);
        assertThat(onB.headers().firstValue("Retry-After")).isPresent();
        assertThat(MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/7"))))
                .isEmpty();
        assertThat(admin(b, "GET", "/admin/cutovers/catalog", null).body()).contains("handing-over");
    }

    @Test
    void aReplicaThatStartsDuringAHoldHoldsToo() throws Exception {
        admin(a, "POST", "/admin/routes/catalog-write/hold", "{\"reason\":\"write cutover\",\"limitMillis\":20000}");
        try (Replica c = start(
                "c", SharedPostgres.cluster().user(), SharedPostgres.cluster().password())) {
            CompletableFuture<HttpResponse<String>> onC =
                    CompletableFuture.supplyAsync(() -> patch(c, "/api/admin/products/3"));
            Thread.sleep(500);
            assertThat(onC)
                    .as("held on the replica that started during the hold")
                    .isNotDone();

            admin(a, "DELETE", "/admin/routes/catalog-write/hold?reason=done", null);

            assertThat(onC.get(5, TimeUnit.SECONDS).body()).isEqualTo("monolith");
        }
    }

    @Test
    void aCallersReadOnAnotherReplicaRightAfterItsWriteGoesToTheSideThatTookTheWrite() {
        readsOnTheService();

        assertThat(patch(a, "/api/admin/products/5", "phone-moved").body()).isEqualTo("monolith");

        assertThat(get(b, "/api/products/5", "phone-moved").body())
                .as("pinned on the other replica too")
                .isEqualTo("monolith");
        assertThat(get(b, "/api/products/5", "another-phone").body())
                .as("another caller")
                .isEqualTo("service");
    }

    @Test
    void aReplicaThatStartsAfterACallersWriteKnowsWhereItWent() {
        readsOnTheService();
        assertThat(patch(a, "/api/admin/products/6", "phone-restarted").body()).isEqualTo("monolith");

        try (Replica c = start(
                "c", SharedPostgres.cluster().user(), SharedPostgres.cluster().password())) {
            assertThat(get(c, "/api/products/6", "phone-restarted").body())
                    .as("pinned on a replica started after the write")
                    .isEqualTo("monolith");
            assertThat(get(c, "/api/products/6", "another-phone").body()).isEqualTo("service");
        }
    }

    private static void readsOnTheService() {
        admin(a, "PUT", "/admin/routes/catalog-read", "{\"mode\":\"service\",\"reason\":\"reads moved\"}");
        await().atMost(Duration.ofSeconds(3))
                .until(() -> get(b, "/api/products/1").body().equals("service"));
    }

    @Test
    void aReplicaThatLosesTheSharedStateFailsClosedOnWritesAndKeepsServingReads() throws Exception {
        String role = "gateway_d";
        try (Connection c = SharedPostgres.cluster().connect(DATABASE);
                Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + role + "-password'");
            s.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role);
        }
        try (Replica d = start("d", role, role + "-password")) {
            assertThat(patch(d, "/api/admin/products/4").body()).isEqualTo("monolith");

            try (Connection c = SharedPostgres.cluster().connect(DATABASE);
                    Statement s = c.createStatement()) {
                s.execute("ALTER ROLE " + role + " NOLOGIN");
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> patch(d, "/api/admin/products/4").statusCode() == 503);
            assertThat(patch(d, "/api/admin/products/4").body()).contains("lost the shared state");
            assertThat(get(d, "/api/products/4").body())
                    .as("reads go on from the last state")
                    .isEqualTo("monolith");
            long sent = System.nanoTime();
            assertThat(patch(d, "/api/orders/4", "phone-of-a-cut-replica").body())
                    .as("an unmatched write goes on, its pin kept here")
                    .isEqualTo("monolith");
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
            assertThat(patch(a, "/api/admin/products/4").body())
                    .as("the other replicas are not affected")
                    .isEqualTo("monolith");

            try (Connection c = SharedPostgres.cluster().connect(DATABASE);
                    Statement s = c.createStatement()) {
                s.execute("ALTER ROLE " + role + " LOGIN");
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> patch(d, "/api/admin/products/4").statusCode() == 200);
        }
    }

    @Test
    void aChangeWaitingOnTheSharedStateStallsNoOtherRequestOnTheAdminPortOrThroughTheGateway() throws Exception {
        try (Connection lock = SharedPostgres.cluster().connect(DATABASE);
                Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            // The shared state is slow (another replica's change, a vacuum, a failover): every write to it waits.
            s.execute("LOCK TABLE " + SharedState.CONTROL + " IN EXCLUSIVE MODE");
            CompletableFuture<HttpResponse<String>> change = CompletableFuture.supplyAsync(() -> admin(
                    a, "PUT", "/admin/routes/catalog-read", "{\"mode\":\"shadow\",\"reason\":\"waits on the lock\"}"));
            Thread.sleep(500); // the change has reached the database and waits there

            List<Duration> took = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // A new client each time: a new connection, which the server puts on its next event loop.
                HttpClient fresh = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                long sent = System.nanoTime();
                HttpResponse<String> routes = fresh.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.adminPort() + "/admin/routes"))
                                .timeout(Duration.ofSeconds(5))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> read = fresh.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/api/products/7"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                took.add(Duration.ofNanos(System.nanoTime() - sent));
                assertThat(routes.statusCode()).isEqualTo(200);
                assertThat(read.body()).isEqualTo("monolith");
            }

            assertThat(took)
                    .as("each admin read and proxied read while the change waits")
                    .allMatch(d -> d.compareTo(Duration.ofSeconds(3)) < 0);
            assertThat(change).isNotDone();
            lock.rollback();
            assertThat(change.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    private static Replica start(String name, String user, String password) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--strangler.admin.port=0",
                "--management.server.port=0",
                "--strangler.routes=" + dir.resolve("routes.yaml"),
                "--strangler.state-dir=" + dir.resolve(name),
                "--strangler.admin.token=" + TOKEN,
                "--strangler.reload-interval=100ms",
                "--strangler.shared-state.url=" + SharedPostgres.cluster().jdbcUrl(DATABASE),
                "--strangler.shared-state.user=" + user,
                "--strangler.shared-state.password=" + password,
                "--strangler.shared-state.replica-id=" + name,
                "--strangler.shared-state.lease=1s"));
        // Each replica its own Netty resources: closing one must not dispose the event loops the others (and other test
        // classes) use.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class)
                .initializers(
                        ctx -> ((GenericApplicationContext) ctx).registerBean(ReactorResourceFactory.class, () -> {
                            ReactorResourceFactory own = new ReactorResourceFactory();
                            own.setUseGlobalResources(false);
                            return own;
                        }))
                .run(args.toArray(String[]::new));
        int port =
                ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
        return new Replica(
                name, context, port, context.getBean(AdminServer.class).port());
    }

    private static HttpResponse<String> patch(Replica r, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"price\": 1}"))
                .build());
    }

    private static HttpResponse<String> get(Replica r, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + path))
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build());
    }

    private static HttpResponse<String> get(Replica r, String path, String device) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + path))
                .timeout(Duration.ofSeconds(20))
                .header("X-Device-Id", device)
                .GET()
                .build());
    }

    private static HttpResponse<String> patch(Replica r, String path, String device) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + path))
                .timeout(Duration.ofSeconds(20))
                .header("X-Device-Id", device)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"price\": 1}"))
                .build());
    }

    private static HttpResponse<String> admin(Replica r, String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.adminPort() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
