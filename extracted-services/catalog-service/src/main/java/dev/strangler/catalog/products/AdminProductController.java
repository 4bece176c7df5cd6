package dev.strangler.catalog.products;

import dev.strangler.catalog.auth.Caller;
import dev.strangler.catalog.products.CatalogViews.ProductDetail;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Back-office changes of catalog data. Stock ({@code PUT /api/admin/products/{id}/stock}) is not here:
 * the monolith owns it. The order of checks is the monolith's: the caller is resolved first (401),
 * then the id (400), then the body (400), and only then the role (403) and the product (404).
 */
@RestController
class AdminProductController {

    /** On the wire the title is {@code name}, as the monolith calls it; limits are the monolith's. */
    record CatalogPatch(
            @Size(min = 1, max = 200) String name,
            @Size(max = 10_000) String description,

            @DecimalMin("0.00") @Digits(integer = 7, fraction = 2)
            BigDecimal price) {}

    private final CatalogService catalog;

    AdminProductController(CatalogService catalog) {
        this.catalog = catalog;
    }

    @PatchMapping("/api/admin/products/{id}")
    ProductDetail changeCatalogData(Caller caller, @PathVariable long id, @Valid @RequestBody CatalogPatch patch) {
        caller.requireAdmin();
        return catalog.reviseCatalogData(id, patch.name(), patch.description(), patch.price());
    }
}
