package dev.strangler.monolith.catalog;

import java.math.BigDecimal;
import java.util.List;

/** The catalog's JSON shapes, as the mobile app reads them. */
public final class CatalogViews {

    private CatalogViews() {}

    public record CategoryView(long id, String name, String slug) {
        static CategoryView of(Category c) {
            return new CategoryView(c.getId(), c.getName(), c.getSlug());
        }
    }

    public record ProductSummary(
            long id, String sku, String name, BigDecimal price, String currency, long categoryId, boolean inStock) {
        static ProductSummary of(Product p) {
            return new ProductSummary(
                    p.getId(),
                    p.getSku(),
                    p.getName(),
                    money(p.getPriceCents()),
                    p.getCurrency(),
                    p.getCategory().getId(),
                    p.getStock() > 0);
        }
    }

    public record ProductDetail(
            long id,
            String sku,
            String name,
            String description,
            BigDecimal price,
            String currency,
            CategoryView category,
            boolean inStock,
            int availableQuantity) {
        public static ProductDetail of(Product p) {
            return new ProductDetail(
                    p.getId(),
                    p.getSku(),
                    p.getName(),
                    p.getDescription(),
                    money(p.getPriceCents()),
                    p.getCurrency(),
                    CategoryView.of(p.getCategory()),
                    p.getStock() > 0,
                    p.getStock());
        }
    }

    public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {}

    /** Integer cents as the two-decimal amount the API shows. */
    public static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
