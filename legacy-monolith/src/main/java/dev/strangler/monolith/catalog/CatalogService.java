package dev.strangler.monolith.catalog;

import dev.strangler.monolith.catalog.CatalogViews.CategoryView;
import dev.strangler.monolith.catalog.CatalogViews.Page;
import dev.strangler.monolith.catalog.CatalogViews.ProductDetail;
import dev.strangler.monolith.catalog.CatalogViews.ProductSummary;
import dev.strangler.monolith.errors.ApiException;
import java.util.List;
import java.util.Locale;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Browsing and searching the catalog. */
@Service
public class CatalogService {

    private final CategoryRepository categories;
    private final ProductRepository products;

    CatalogService(CategoryRepository categories, ProductRepository products) {
        this.categories = categories;
        this.products = products;
    }

    @Transactional(readOnly = true)
    public List<CategoryView> categories() {
        return categories.findAll(Sort.by("name", "id")).stream()
                .map(CategoryView::of)
                .toList();
    }

    @Transactional(readOnly = true)
    public Page<ProductSummary> products(int page, int size, Long categoryId, String query) {
        Specification<Product> spec = (root, q, cb) -> cb.isTrue(root.get("active"));
        if (categoryId != null) {
            spec = spec.and((root, q, cb) -> cb.equal(root.get("category").get("id"), categoryId));
        }
        if (query != null && !query.isBlank()) {
            String pattern = "%" + escapeLike(query.trim().toLowerCase(Locale.ROOT)) + "%";
            spec = spec.and((root, q, cb) -> cb.or(
                    cb.like(cb.lower(root.get("name")), pattern, '\\'),
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
    public ProductDetail product(long id) {
        return ProductDetail.of(activeProduct(id));
    }

    Product activeProduct(long id) {
        return products.findById(id)
                .filter(Product::isActive)
                .orElseThrow(() -> ApiException.notFound("Product " + id));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
