package dev.strangler.catalog.products;

import dev.strangler.catalog.errors.ApiException;
import dev.strangler.catalog.products.CatalogViews.CategoryView;
import dev.strangler.catalog.products.CatalogViews.Page;
import dev.strangler.catalog.products.CatalogViews.ProductDetail;
import dev.strangler.catalog.products.CatalogViews.ProductSummary;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Browsing, searching and revising the catalog. Every call reads the rows afresh (no cache): the CDC
 * sink changes them underneath, and the app must see those changes at once, as it does on the monolith.
 */
@Service
class CatalogService {

    private final CategoryRepository categories;
    private final ProductRepository products;
    private final Clock clock;

    CatalogService(CategoryRepository categories, ProductRepository products, Clock clock) {
        this.categories = categories;
        this.products = products;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<CategoryView> categories() {
        return categories.findAll(Sort.by("name", "id")).stream()
                .map(CategoryView::of)
                .toList();
    }

    @Transactional(readOnly = true)
    Page<ProductSummary> products(int page, int size, Long categoryId, String query) {
        Specification<Product> spec = (root, q, cb) -> cb.isTrue(root.get("active"));
        if (categoryId != null) {
            spec = spec.and((root, q, cb) -> cb.equal(root.get("category").get("id"), categoryId));
        }
        if (query != null && !query.isBlank()) {
            String pattern = "%" + escapeLike(query.trim().toLowerCase(Locale.ROOT)) + "%";
            spec = spec.and((root, q, cb) -> cb.or(
                    cb.like(cb.lower(root.get("title")), pattern, '\\'),
                    cb.like(cb.lower(root.get("description")), pattern, '\\')));
        }
        var result = products.findAll(spec, PageRequest.of(page, size, Sort.by("id")));
        return new Page<>(
                result.map(ProductSummary::of).getContent(),
                page,
                size,
                result.getTotalElements(),
                result.getTotalPages());
    }

    @Transactional(readOnly = true)
    ProductDetail product(long id) {
        return ProductDetail.of(activeProduct(id));
    }

    /** Writes only the columns the service owns; see {@link Product}. */
    @Transactional
    ProductDetail reviseCatalogData(long id, String title, String description, BigDecimal price) {
        Product product = activeProduct(id);
        product.reviseCatalogData(title, description, price, clock.instant());
        return ProductDetail.of(product);
    }

    private Product activeProduct(long id) {
        return products.findById(id)
                .filter(Product::isActive)
                .orElseThrow(() -> ApiException.notFound("Product " + id));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
