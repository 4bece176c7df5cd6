package dev.strangler.monolith.catalog;

import dev.strangler.monolith.catalog.CatalogViews.CategoryView;
import dev.strangler.monolith.catalog.CatalogViews.Page;
import dev.strangler.monolith.catalog.CatalogViews.ProductDetail;
import dev.strangler.monolith.catalog.CatalogViews.ProductSummary;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CatalogController {

    private final CatalogService catalog;

    CatalogController(CatalogService catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/categories")
    List<CategoryView> categories() {
        return catalog.categories();
    }

    @GetMapping("/api/products")
    Page<ProductSummary> products(
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
            @RequestParam(required = false) Long category,
            @RequestParam(required = false) @Size(max = 100) String q) {
        return catalog.products(page, size, category, q);
    }

    @GetMapping("/api/products/{id}")
    ProductDetail product(@PathVariable long id) {
        return catalog.product(id);
    }
}
