package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.gateway.api.RouteCounters;
import dev.strangler.playbook.StranglerCommand;
import dev.strangler.playbook.cli.CommandLines;
import dev.strangler.playbook.discover.DiscoverCommand;
import dev.strangler.playbook.replay.RecordingStubs;
import dev.strangler.playbook.route.GatewayAdmin;
import dev.strangler.playbook.route.RouteMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The walk on a monolith unlike ours (issue 15): the library app ({@code legacy-monolith/library}, its real jar) behind
 * the real gateway of {@code sandbox up --infra-only}, its catalog moved to the library books service (its real jar)
 * with the playbook's own commands, in the order a team would run them. LibraryTraffic is recorded through the gateway;
 * the recording is replayed against the monolith and through the gateway with the catalog reads in every mode;
 * {@code discover} drafts the route file and the CDC plan, and the test holds what a person changed in them
 * ({@code migration-playbook/plans/library-*.yaml}); the edited plan's stream carries the catalog to the service,
 * live writes through the gateway included, until parity is exact; and the service then answers the recording as
 * the monolith did. One sandbox for the whole class; the steps depend on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibraryWalkIT {

    private static final Path HOME = Path.of("").toAbsolutePath().getParent();
    private static final Path LIBRARY_JAR =
            HOME.resolve("legacy-monolith/library/target/library-monolith-0.1.0-SNAPSHOT.jar");
    private static final Path SERVICE_JAR =
            HOME.resolve("extracted-services/library-books-service/target/library-books-service-0.1.0-SNAPSHOT.jar");
    private static final Path GATEWAY_JAR =
            HOME.resolve("strangler-gateway/target/strangler-gateway-0.1.0-SNAPSHOT.jar");
    private static final Path ROUTES = HOME.resolve("migration-playbook/plans/library-routes.yaml");
    private static final Path PLAN = HOME.resolve("migration-playbook/plans/library-books.yaml");
    private static final String ROUTE = "library-books-read";
    private static final String PASSWORD = "reader-password";
    /**
     * Response headers a replay holds equal besides the body: the media type, the ETag (the version CDC carries) and
     * what a cache on the way or in the app does with the answer.
     */
    private static final String HEADERS = "Content-Type,ETag,Cache-Control,Pragma,Expires,X-Content-Type-Options";
    /**
     * The HAL links of every level of the app's answers: left out when the recording (made through the gateway) is
     * replayed against the app directly, since each link names the host the answer was asked on.
     */
    private static final String[] HAL_LINKS = {
        "--ignore=$._links", "--ignore=$._embedded[*][*]._links", "--ignore=$._embedded[*][*]._embedded[*][*]._links"
    };

    private static final String PASSWORD_ENV = "LIBRARY_WALK_DB_PASSWORD";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static Path stateDir;
    private static SandboxState sandbox;
    private static int postgresPort;
    private static int adminPort;
    private static GatewayAdmin admin;
    private static Process library;
    private static Process service;
    private static String libraryUrl;
    private static String serviceUrl;
    private static Path recording;
    private static Path work;

    @BeforeAll
    static void theSandboxInFrontOfTheLibraryAndItsService() throws Exception {
        for (Path jar : List.of(LIBRARY_JAR, SERVICE_JAR, GATEWAY_JAR)) {
            assertThat(jar)
                    .as("built before the playbook's tests (root pom module order)")
                    .exists();
        }
        work = Files.createTempDirectory("library-walk");
        stateDir = work.resolve("sandbox");
        adminPort = FreePortSettings.adminPortWithFreeNext();
        // Not the admin port's next either: the gateway's metrics take it.
        Set<Integer> taken = new HashSet<>(Set.of(adminPort, SandboxSettings.managementPortFor(adminPort)));
        postgresPort = FreePortSettings.pickOtherThan(taken);
        int libraryPort = FreePortSettings.pickOtherThan(taken);
        libraryUrl = "http://127.0.0.1:" + libraryPort;
        StringWriter up = new StringWriter();
        int exit = cli(up).execute(
                        "sandbox",
                        "up",
                        "--infra-only",
                        "--monolith-url",
                        libraryUrl,
                        "--state-dir",
                        stateDir.toString(),
                        "--postgres-port",
                        Integer.toString(postgresPort),
                        "--kafka-port",
                        Integer.toString(FreePortSettings.pickOtherThan(taken)),
                        "--connect-port",
                        Integer.toString(FreePortSettings.pickOtherThan(taken)),
                        "--gateway-port",
                        Integer.toString(FreePortSettings.pickOtherThan(taken)),
                        "--gateway-admin-port",
                        Integer.toString(adminPort));
        assertThat(exit).as(up.toString()).isZero();
        sandbox = new Sandbox(line -> {}).state(stateDir).orElseThrow();
        admin = new GatewayAdmin(
                URI.create("http://127.0.0.1:" + adminPort),
                GatewayFiles.adminToken(stateDir).orElseThrow());

        sql("postgres", "create database library", "create database library_books");
        library = start(LIBRARY_JAR, "library", libraryPort);
        int servicePort = FreePortSettings.pickOtherThan(taken);
        serviceUrl = "http://127.0.0.1:" + servicePort;
        service = start(SERVICE_JAR, "library_books", servicePort);
        await().atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(library.isAlive())
                            .as("the library app runs (see %s)", work.resolve("library.log"))
                            .isTrue();
                    assertThat(service.isAlive())
                            .as("the service runs (see %s)", work.resolve("library_books.log"))
                            .isTrue();
                    return status(libraryUrl + "/library/api/books?size=1") == 200
                            && status("http://127.0.0.1:" + servicePort + "/library/api/books?size=1") == 200;
                });

        // The person's route file, with this sandbox's addresses for the defaults it names, in the gateway's place.
        Files.writeString(
                GatewayFiles.routes(stateDir),
                Files.readString(ROUTES)
                        .replace("http://127.0.0.1:9011", libraryUrl)
                        .replace("http://127.0.0.1:9012", "http://127.0.0.1:" + servicePort));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> admin.route(ROUTE) != null);
    }

    @AfterAll
    static void down() throws Exception {
        for (Process p : Arrays.asList(library, service)) {
            if (p != null) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (stateDir != null) {
            new Sandbox(line -> {}).down(stateDir, true);
            new SandboxPostgres().destroy(SandboxPostgres.dataDirFor(stateDir, postgresPort), postgresPort);
        }
    }

    @Test
    @Order(1)
    void aMembersAndTwoReadersTrafficThroughTheGatewayIsRecorded() throws Exception {
        recording = work.resolve("recording");
        StringWriter printed = new StringWriter();
        List<LibraryTraffic.Exchange> sent = new ArrayList<>();
        CompletableFuture<Integer> recorder = CompletableFuture.supplyAsync(() -> cli(printed)
                .execute(
                        "record",
                        "--gateway-admin=http://127.0.0.1:" + adminPort,
                        "--sandbox-dir=" + stateDir,
                        "--out=" + recording,
                        "--count=" + LibraryTraffic.EXCHANGES,
                        "--poll=100ms"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> recorder.isDone() || admin.recording().on());
        assertThat(recorder.isDone()).as("record ended early: %s", printed).isFalse();

        sent.addAll(new LibraryTraffic(sandbox.gatewayUrl()).play());

        assertThat(recorder.get(60, TimeUnit.SECONDS)).as(printed.toString()).isZero();
        assertThat(sent).hasSize(LibraryTraffic.EXCHANGES);
        assertThat(sent)
                .as("the app answered what a user expects, through the gateway")
                .allSatisfy(e -> assertThat(e.status()).as(e.toString()).isIn(200, 204, 302));
        JsonNode summary = JSON.readTree(recording.resolve("recording.json").toFile());
        assertThat(summary.path("exchanges").asInt()).isEqualTo(LibraryTraffic.EXCHANGES);
        for (Path f : Files.list(recording.resolve("mappings")).toList()) {
            assertThat(Files.readString(f)).as("%s holds no password", f).doesNotContain(PASSWORD);
        }
    }

    @Test
    @Order(2)
    void theRecordingReplaysEqualAgainstTheMonolithThroughTheGatewayInMonolithModeAndAgainstItsStubs()
            throws Exception {
        JsonNode asIs = replay(libraryUrl);
        assertThat(asIs.path("passed").asBoolean())
                .as("the app's links name the host it was asked on: the gateway's in the recording")
                .isFalse();
        assertThat(asIs.findValues("differences").stream()
                        .flatMap(d -> d.valueStream())
                        .map(JsonNode::asString)
                        .toList())
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d)
                        .contains("._links.")
                        .contains(sandbox.gatewayUrl() + "/library/api/")
                        .contains(libraryUrl + "/library/api/"));

        JsonNode direct = replay(libraryUrl, HAL_LINKS);
        JsonNode through = replay(sandbox.gatewayUrl());

        assertThat(direct.path("passed").asBoolean())
                .as(direct.toPrettyString())
                .isTrue();
        assertThat(through.path("passed").asBoolean())
                .as(through.toPrettyString())
                .isTrue();
        assertThat(through.path("matched").asInt()).isPositive();

        // What `strangler stubs` serves: the recording as WireMock stubs, the monolith as a stand-in for a service's
        // tests. It answers as recorded.
        try (RecordingStubs stubs = RecordingStubs.start(recording, "127.0.0.1", 0)) {
            JsonNode stubbed = replay(stubs.url().toString());
            assertThat(stubbed.path("passed").asBoolean())
                    .as(stubbed.toPrettyString())
                    .isTrue();
            assertThat(stubbed.path("matched").asInt())
                    .isEqualTo(through.path("matched").asInt());
        }
    }

    @Test
    @Order(3)
    void discoverDraftsTheRouteFileAndThePlanAndThePersonsEditsAreWhatTheDraftsGotWrong() throws Exception {
        Path routesDraft = work.resolve("routes.draft.yaml");
        StringWriter routesOut = new StringWriter();
        int routesExit = cli(routesOut)
                .execute(
                        "discover",
                        "--recording=" + recording,
                        "--monolith-url=" + libraryUrl,
                        "--gateway-jar=" + GATEWAY_JAR,
                        "--group-depth=3",
                        "--out=" + routesDraft,
                        "--json");
        assertThat(routesExit).as(routesOut.toString()).isZero();
        assertThat(JSON.readTree(routesOut.toString()).at("/check/status").asString())
                .as("the draft passes the gateway's own parser")
                .isEqualTo("VALID");
        JsonNode draft = YAML.readTree(routesDraft.toFile());
        JsonNode edited = YAML.readTree(ROUTES.toFile());

        // What the draft could not know, and the person added: the service and how callers stick to a side.
        assertThat(draft.has("services")).isFalse();
        assertThat(edited.at("/services/library-books/url").asString()).isEqualTo("http://127.0.0.1:9012");
        JsonNode route = edited.at("/routes/0");
        assertThat(route.path("id").asString()).isEqualTo(ROUTE);
        assertThat(route.path("service").asString()).isEqualTo("library-books");
        assertThat(strings(route.path("stick-by"))).containsExactly("header:X-Device-Id");
        // What the draft got wrong: one resource per read route (books apart from authors, as the traffic showed
        // them), and nothing for the join table, which the traffic never asked for directly but which every book's
        // embedded author rows link to. The catalog moves together: one route with the three.
        List<String> draftReads = new ArrayList<>();
        for (JsonNode r : draft.path("routes")) {
            assertThat(r.path("mode").asString()).isEqualTo("monolith");
            assertThat(r.has("service")).isFalse();
            if (strings(r.path("methods")).contains("GET")) {
                draftReads.addAll(strings(r.path("paths")));
            }
        }
        assertThat(draftReads)
                .contains("/library/api/books/**", "/library/api/authors/**")
                .doesNotContain("/library/api/bookAuthors/**");
        assertThat(strings(route.path("paths")))
                .containsExactly("/library/api/books/**", "/library/api/authors/**", "/library/api/bookAuthors/**");
        assertThat(edited.path("routes"))
                .as("the pages, login and the rest stay unmatched: the monolith")
                .hasSize(1);

        Path planDraft = work.resolve("plan.draft.yaml");
        StringWriter planOut = new StringWriter();
        String password = SandboxDatabase.password(stateDir).orElseThrow();
        CommandLine discover = CommandLines.create(
                new DiscoverCommand(name -> name.equals(PASSWORD_ENV) ? password : System.getenv(name)));
        discover.setOut(new PrintWriter(planOut, true));
        discover.setErr(new PrintWriter(planOut, true));
        int planExit = discover.execute(
                "--database=" + jdbc("library"),
                "--user=" + user(),
                "--password-env=" + PASSWORD_ENV,
                "--tables=public.*",
                "--target-url=" + jdbc("library_books"),
                "--out=" + planDraft,
                "--json");
        assertThat(planExit).as(planOut.toString()).isZero();
        JsonNode draftStream = YAML.readTree(planDraft.toFile()).at("/streams/0");
        JsonNode editedStream = YAML.readTree(PLAN.toFile()).at("/streams/0");

        assertThat(draftStream.path("name").asString()).isEqualTo("draft");
        assertThat(editedStream.path("name").asString()).isEqualTo("library_books");
        assertThat(draftStream.at("/source/url").asString()).isEqualTo(jdbc("library"));
        assertThat(editedStream.at("/source/url").asString())
                .as("an address a team sets, with the sandbox's as the default")
                .startsWith("${STRANGLER_LIBRARY_DB_URL:-");
        // What the draft got wrong: every table of the schema, the members', loans' and reading list's (which stay
        // with the monolith) among them. Flyway's own history (which would tell the service's migrations they had
        // run) it leaves out, and says so.
        assertThat(sources(draftStream))
                .containsExactlyInAnyOrder(
                        "public.authors",
                        "public.books",
                        "public.book_authors",
                        "public.members",
                        "public.Reading List",
                        "public.loans");
        assertThat(Files.readString(planDraft))
                .contains("public.flyway_schema_history")
                .contains("left out of the draft: the schema migration tool's own history");
        assertThat(sources(editedStream)).containsExactly("public.authors", "public.books", "public.book_authors");
        // What it got right: the catalog's keys and columns, one to one, kept as drafted.
        for (JsonNode table : editedStream.path("tables")) {
            JsonNode drafted = table(draftStream, table.path("source").asString());
            assertThat(table.path("key")).isEqualTo(drafted.path("key"));
            assertThat(table.path("columns")).isEqualTo(drafted.path("columns"));
            assertThat(table.path("target")).isEqualTo(drafted.path("target"));
        }
    }

    @Test
    @Order(4)
    void theEditedPlansStreamCarriesTheCatalogAndLiveWritesThroughTheGatewayUntilParityIsExact() throws Exception {
        Path plan = work.resolve("library-books.yaml");
        Files.writeString(plan, Files.readString(PLAN).replace("127.0.0.1:15432", "127.0.0.1:" + postgresPort));
        String connect = "--connect=" + sandbox.connectUrl();
        String sandboxDir = "--sandbox-dir=" + stateDir;
        StringWriter out = new StringWriter();
        assertThat(cli(out).execute("cdc", "apply", "--plan=" + plan, connect, sandboxDir))
                .as(out.toString())
                .isZero();
        assertThat(cli(out).execute(
                                "cdc",
                                "barrier",
                                "--plan=" + plan,
                                "--stream=library_books",
                                "--timeout=180s",
                                connect,
                                sandboxDir))
                .as(out.toString())
                .isZero();

        LibraryTraffic.LiveWrites writes = new LibraryTraffic(sandbox.gatewayUrl()).liveWrites();

        assertThat(cli(out).execute(
                                "cdc",
                                "barrier",
                                "--plan=" + plan,
                                "--stream=library_books",
                                "--timeout=120s",
                                connect,
                                sandboxDir))
                .as(out.toString())
                .isZero();
        StringWriter parity = new StringWriter();
        assertThat(cli(parity).execute("verify", "parity", "--plan=" + plan, sandboxDir))
                .as("parity exact: %s", parity)
                .isZero();
        assertThat(query("library_books", "select price::text from books where id = '" + writes.repriced() + "'"))
                .containsExactly(writes.price());
        assertThat(query(
                        "library_books",
                        "select author_id || ' ' || position from book_authors where book_id = '" + writes.repriced()
                                + "' order by position"))
                .as("the author added through the join table's API, second")
                .containsExactly(writes.firstAuthor() + " 1", writes.addedAuthor() + " 2");
        assertThat(query(
                        "library_books",
                        "select count(*)::text from book_authors where book_id = '" + writes.unauthored() + "'"))
                .as("the author removed from the three-author book")
                .containsExactly("2");
    }

    @Test
    @Order(5)
    void theRecordingReplaysEqualThroughTheGatewayWithTheReadsInShadowCanaryAndServiceMode() throws Exception {
        JsonNode direct = replay(serviceUrl, HAL_LINKS);
        assertThat(routeReads(direct))
                .as("the service itself answers the catalog reads of the recording: %s", direct.toPrettyString())
                .isEqualTo(routeReads(replay(libraryUrl, HAL_LINKS)))
                .isPositive();

        admin.setMode(ROUTE, RouteMode.SHADOW, null, "library walk: shadow");
        JsonNode shadow = replay(sandbox.gatewayUrl());
        assertThat(shadow.path("passed").asBoolean())
                .as(shadow.toPrettyString())
                .isTrue();
        long routeReads = routeReads(shadow);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            RouteCounters c = admin.route(ROUTE).counters();
            return c.shadowMatches() + c.shadowMismatches() + c.shadowErrors() + c.shadowDropped() >= routeReads;
        });
        RouteCounters compared = admin.route(ROUTE).counters();
        assertThat(compared.shadowMismatches())
                .as("the service's copies answered as the monolith: %s", admin.mismatches(ROUTE))
                .isZero();
        // A copy the service does not answer within the shadow timeout is an error, not a difference (a loaded CI
        // machine); every answer it gave matched, and the service mode below holds every answer equal.
        assertThat(compared.shadowMatches()).as("%s", compared).isPositive();
        assertThat(compared.shadowMatches() + compared.shadowErrors() + compared.shadowDropped())
                .as("%s", compared)
                .isEqualTo(routeReads);

        admin.setMode(ROUTE, RouteMode.CANARY, 50.0, "library walk: canary");
        RouteCounters before = admin.route(ROUTE).counters();
        JsonNode canary = replay(sandbox.gatewayUrl());
        assertThat(canary.path("passed").asBoolean())
                .as(canary.toPrettyString())
                .isTrue();
        RouteCounters after = admin.route(ROUTE).counters();
        System.out.println("canary 50 %: " + before + " -> " + after);
        assertThat(after.monolith() - before.monolith() + after.service() - before.service())
                .as("every read of the route served by one side or the other")
                .isEqualTo(routeReads(canary));
        // The replay sends no device id (the recorder keeps only credentials among the request headers), so every
        // replayed request is bucketed by the client address: one side. Phones that name themselves split.
        List<String> bodies = new LibraryTraffic(sandbox.gatewayUrl())
                .readAsDevices("/library/api/books/" + LibraryTraffic.seeded("book", 7) + "/authors", 12);
        RouteCounters split = admin.route(ROUTE).counters();
        assertThat(split.monolith() - after.monolith()).as("%s", split).isPositive();
        assertThat(split.service() - after.service()).as("%s", split).isPositive();
        assertThat(bodies.stream().map(JSON::readTree).distinct())
                .as("the same answer from either side")
                .hasSize(1);

        admin.setMode(ROUTE, RouteMode.SERVICE, null, "library walk: service");
        before = admin.route(ROUTE).counters();
        JsonNode served = replay(sandbox.gatewayUrl());
        assertThat(served.path("passed").asBoolean())
                .as(served.toPrettyString())
                .isTrue();
        after = admin.route(ROUTE).counters();
        assertThat(after.service() - before.service())
                .as("the service answered every read of the route, from its own database")
                .isEqualTo(routeReads(served))
                .isPositive();
        assertThat(after.monolith() - before.monolith()).isZero();
        assertThat(after.fallbacks() - before.fallbacks())
                .as("no fallback to the monolith")
                .isZero();
    }

    private static JsonNode replay(String baseUrl, String... more) throws Exception {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of(
                "replay", "--recording=" + recording, "--base-url=" + baseUrl, "--headers=" + HEADERS, "--json"));
        args.addAll(List.of(more));
        int exit = cli(out).execute(args.toArray(String[]::new));
        String text = out.toString();
        JsonNode report = JSON.readTree(text.substring(text.indexOf('{')));
        assertThat(exit).as(text).isEqualTo(report.path("passed").asBoolean() ? 0 : 1);
        return report;
    }

    /** How many of a replay's answered requests the catalog read route took. */
    private static long routeReads(JsonNode report) {
        long n = 0;
        for (JsonNode r : report.path("requests")) {
            if (r.path("url").asString().matches("/library/api/(books|authors|bookAuthors)([/?].*)?")
                    && r.path("outcome").asString().equals("matched")) {
                n++;
            }
        }
        return n;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    private static List<String> sources(JsonNode stream) {
        List<String> names = new ArrayList<>();
        stream.path("tables").forEach(t -> names.add(t.path("source").asString()));
        return names;
    }

    private static JsonNode table(JsonNode stream, String source) {
        for (JsonNode t : stream.path("tables")) {
            if (t.path("source").asString().equals(source)) {
                return t;
            }
        }
        throw new AssertionError("no table " + source + " in " + stream);
    }

    private static String jdbc(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    private static String user() throws IOException {
        Properties credentials = new Properties();
        try (var in = Files.newBufferedReader(SandboxDatabase.credentials(stateDir))) {
            credentials.load(in);
        }
        return credentials.getProperty("spring.datasource.username");
    }

    static List<String> query(String database, String select) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                        jdbc(database),
                        user(),
                        SandboxDatabase.password(stateDir).orElseThrow());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(select)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }

    private static Process start(Path jar, String database, int port) throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        jar.toString(),
                        "--server.port=" + port,
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database,
                        "--spring.config.additional-location=file:" + SandboxDatabase.credentials(stateDir),
                        "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(database + ".log").toFile())
                .start();
    }

    static void sql(String database, String... statements) throws Exception {
        Properties credentials = new Properties();
        try (var in = Files.newBufferedReader(SandboxDatabase.credentials(stateDir))) {
            credentials.load(in);
        }
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database,
                        credentials.getProperty("spring.datasource.username"),
                        credentials.getProperty("spring.datasource.password"));
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    static CommandLine cli(StringWriter out) {
        CommandLine cli = StranglerCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli;
    }
}
