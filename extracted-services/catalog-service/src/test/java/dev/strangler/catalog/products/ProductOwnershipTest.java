package dev.strangler.catalog.products;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.catalog.CatalogServiceTestBase;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The CDC sink writes rows while the service runs. A revision saved after a CDC write must not put
 * back what the service had loaded before it: the service writes only the columns it owns.
 */
class ProductOwnershipTest extends CatalogServiceTestBase {

    @Autowired
    EntityManager entityManager;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void revisionSavedAfterAConcurrentCdcWriteKeepsEveryCdcOwnedColumn() {
        Instant now = Instant.parse("2026-11-28T17:35:20.123Z");
        transactions.executeWithoutResult(tx -> {
            Product loaded = entityManager.find(Product.class, 10L);
            assertThat(loaded.getAvailableQuantity()).isEqualTo(5);
            cdcWrites("""
                    UPDATE products SET available_quantity = 42, sku = 'SKU-10-B', category_id = 2, currency = 'USD',
                      created_at = '2025-05-05T00:00:00Z' WHERE id = 10""");
            loaded.reviseCatalogData("Pocket Phone 2", "Smaller", new BigDecimal("189.5"), now);
        });

        Map<String, String> row = productRow(10);
        assertThat(row)
                .containsEntry("title", "Pocket Phone 2")
                .containsEntry("description", "Smaller")
                .containsEntry("price", "189.50")
                .containsEntry("available_quantity", "42")
                .containsEntry("sku", "SKU-10-B")
                .containsEntry("category_id", "2")
                .containsEntry("currency", "USD")
                .containsEntry("active", "t");
        assertThat(row.get("created_at")).startsWith("2025-05-05");
        assertThat(row.get("updated_at")).startsWith("2026-11-28 17:35:20.123");
    }

    @Test
    void revisionThatChangesNothingButTheTimestampLeavesCatalogFieldsAsCdcWroteThem() {
        transactions.executeWithoutResult(tx -> {
            Product loaded = entityManager.find(Product.class, 10L);
            cdcWrites("UPDATE products SET title = 'Renamed in the monolith', price = 1.00 WHERE id = 10");
            loaded.reviseCatalogData(null, null, null, Instant.parse("2026-11-28T00:00:00Z"));
        });
        assertThat(productRow(10))
                .containsEntry("title", "Renamed in the monolith")
                .containsEntry("price", "1.00");
    }
}
