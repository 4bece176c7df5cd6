package dev.strangler.catalog.products;

import java.math.BigDecimal;
import java.util.List;

/**
 * The catalog's JSON shapes, as the mobile app reads them: the monolith's shapes, field for field.
 * The product's {@code title} is still called {@code name} on the wire, because the app says so.
 */
final class CatalogViews {

    private CatalogViews() {}

    record CategoryView(long id, String name, String slug) {
        static CategoryView of(Category c) {
            return new CategoryView(c.getId(), c.getName(), c.getSlug());
        }
    }

    record ProductSummary(
            long id, String sku, String name, BigDecimal price, String currency, long categoryId, boolean inStock) {
        static ProductSummary of(Product p) {
            return new ProductSummary(
                    p.getId(),
                    p.getSku(),
                    p.getTitle(),
                    p.getPrice(),
                    p.getCurrency(),
                    p.getCategory().getId(),
                    p.isInStock());
        }
    }

    record ProductDetail(
            long id,
            String sku,
            String name,
            String description,
            BigDecimal price,
            String currency,
            CategoryView category,
            boolean inStock,
            int availableQuantity) {
        static ProductDetail of(Product p) {
            return new ProductDetail(
                    p.getId(),
                    p.getSku(),
                    p.getTitle(),
                    p.getDescription(),
                    p.getPrice(),
                    p.getCurrency(),
                    CategoryView.of(p.getCategory()),
                    p.isInStock(),
                    p.getAvailableQuantity());
        }
    }

    record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {}
}
