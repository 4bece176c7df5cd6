package dev.strangler.catalog;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.strangler.infra.postgres.SharedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as the app sees it: started on a random port against a Flyway-migrated database of its
 * own in the test JVM's shared PostgreSQL, with WireMock standing in for the monolith's
 * {@code /api/users/me}. Catalog rows are written with plain SQL, as the CDC sink writes them.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"catalog.monolith.timeout=1500ms", "catalog.monolith.connect-timeout=500ms"})
public abstract class CatalogServiceTestBase {

    protected static final WireMockServer MONOLITH = started();
    private static final String DATABASE = SharedPostgres.freshDatabase("catalog");

    /**
     * Categories (one name twice, to show the id tie-break) and products inserted out of id order:
     * 12 is inactive, 11 is out of stock, 13 mentions "PHONE" and "100%" only in its description,
     * 14 has an underscore in its title.
     */
    private static final String FIXTURE = """
            INSERT INTO categories (id, name, slug) VALUES
              (1, 'Phones', 'phones'), (4, 'Books', 'books-2'), (3, 'Garden', 'garden'), (2, 'Books', 'books');
            INSERT INTO products (id, sku, title, description, category_id, price, currency, available_quantity,
                                  active, created_at, updated_at) VALUES
              (14, 'SKU-14', 'Rake_2000', 'Garden rake', 3, 25.00, 'EUR', 7, true, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
              (10, 'SKU-10', 'Pocket Phone', 'A small phone', 1, 199.00, 'EUR', 5, true, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
              (12, 'SKU-12', 'Old Phone', 'Discontinued', 1, 9.99, 'EUR', 3, false, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
              (11, 'SKU-11', 'Garden Hose', 'Twenty metres, green', 3, 12.90, 'EUR', 0, true, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
              (13, 'SKU-13', 'Cook Book', 'Recipes for 100% of PHONE owners', 2, 0.50, 'EUR', 1, true, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
            """;

    @LocalServerPort
    int port;

    protected Api api;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) {
        SharedPostgres.springDatasource(DATABASE).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("catalog.monolith.base-url", MONOLITH::baseUrl);
    }

    @BeforeEach
    void freshCatalogAndMonolith() {
        api = new Api(port);
        MONOLITH.resetAll();
        cdcWrites("DELETE FROM products; DELETE FROM categories;" + FIXTURE);
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

    /** The stored row of product {@code id}, column by column, as text. */
    protected static Map<String, String> productRow(long id) {
        try (Connection c = SharedPostgres.cluster().connect(DATABASE);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM products WHERE id = " + id)) {
            Map<String, String> row = new LinkedHashMap<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                }
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }
}
