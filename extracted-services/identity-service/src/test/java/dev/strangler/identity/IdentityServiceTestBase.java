package dev.strangler.identity;

import dev.strangler.infra.postgres.SharedPostgres;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as the app and the gateway see it: started on a random port against a Flyway-migrated
 * database of its own in the test JVM's shared PostgreSQL. Rows the monolith made (users with its
 * password hashes, sessions) are written with plain SQL, as the CDC sink writes them. New hashes use
 * 50,000 PBKDF2 iterations instead of 600,000 to keep the tests quick; the upgrade test stores a
 * monolith hash of 20,000.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"passwords.pbkdf2-iterations=50000"},
        classes = {IdentityServiceApplication.class, IdentityServiceTestBase.Clocks.class})
public abstract class IdentityServiceTestBase {

    static final int TEST_ITERATIONS = 50_000;
    protected static final String GATEWAY_ID = "strangler-gateway";
    protected static final String GATEWAY_SECRET = "local-gateway-secret";
    private static final String DATABASE = SharedPostgres.freshDatabase("identity");

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    protected TestClock clock;

    protected Api api;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) {
        SharedPostgres.springDatasource(DATABASE).forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeEach
    void freshClient() {
        api = new Api(port);
        clock.reset();
    }

    /** An email no other test uses: the tests share one database and the login limits. */
    /** The rows of the session table for the token (its SHA-256, as stored). */
    protected static int sessionRows(String token) throws Exception {
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        try (Connection c = SharedPostgres.cluster().connect(DATABASE);
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sessions WHERE token_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    protected static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Registers and logs in; returns the session token. */
    protected String registeredAndLoggedIn(String email, String password) {
        Api.Response registered = api.post("/api/users/register", """
                {"email":"%s","password":"%s","name":"Test User"}""".formatted(email, password), null);
        if (registered.status() != 201) {
            throw new IllegalStateException("register: " + registered.body());
        }
        return loggedIn(email, password);
    }

    protected String loggedIn(String email, String password) {
        Api.Response login = api.post("/api/auth/login", """
                {"email":"%s","password":"%s"}""".formatted(email, password), null);
        if (login.status() != 200) {
            throw new IllegalStateException("login: " + login.body());
        }
        return login.json().get("token").asString();
    }

    /** Exchanges a session token at the token endpoint as the gateway does (RFC 8693). */
    protected Api.Response exchange(String sessionToken) {
        return api.postForm(
                "/oauth2/token",
                Map.of(
                        "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                        "subject_token", sessionToken,
                        "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
                GATEWAY_ID,
                GATEWAY_SECRET);
    }

    /** SQL on a connection of its own, committed at once: how the CDC sink changes rows under the service. */
    protected static void cdcWrites(String sql) {
        try (Connection c = SharedPostgres.cluster().connect(DATABASE);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    protected static String queryOne(String sql) {
        try (Connection c = SharedPostgres.cluster().connect(DATABASE);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
