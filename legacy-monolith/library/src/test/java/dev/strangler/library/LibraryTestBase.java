package dev.strangler.library;

import dev.strangler.infra.postgres.SharedPostgres;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The library app as its users see it: started on a random port against a database of its own in the test JVM's
 * shared PostgreSQL, migrated and seeded by its own Flyway scripts. Every test gets a fresh browser (no cookies).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class LibraryTestBase {

    /** The seed's password of every member. */
    static final String PASSWORD = "reader-password";

    private static final String DATABASE = SharedPostgres.freshDatabase("library");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Browser browser;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) {
        SharedPostgres.springDatasource(DATABASE).forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeEach
    void freshBrowser() {
        browser = new Browser(port);
    }

    /** The id the seed gave its {@code n}th book. */
    UUID seededBook(int n) {
        return jdbc.sql("select md5(?)::uuid")
                .param("book-" + n)
                .query(UUID.class)
                .single();
    }

    /** The id the seed gave its {@code n}th author. */
    UUID seededAuthor(int n) {
        return jdbc.sql("select md5(?)::uuid")
                .param("author-" + n)
                .query(UUID.class)
                .single();
    }

    /** An absolute link to an API resource, as the API's own {@code _links} give them. */
    String api(String path) {
        return browser.url("/library/api/" + path);
    }
}
