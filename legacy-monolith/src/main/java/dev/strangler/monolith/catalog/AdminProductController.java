package dev.strangler.monolith.catalog;

import dev.strangler.monolith.catalog.CatalogViews.ProductDetail;
import dev.strangler.monolith.users.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Clock;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Back-office changes. Catalog fields and stock have separate endpoints: after the catalog is
 * extracted, a service owns the first and the monolith keeps the second.
 */
@RestController
class AdminProductController {

    record CatalogPatch(
            @Size(min = 1, max = 200) String name,
            @Size(max = 10_000) String description,

            @DecimalMin("0.00") @Digits(integer = 7, fraction = 2)
            BigDecimal price) {}

    record StockUpdate(
            @NotNull @Min(0) @jakarta.validation.constraints.Max(1_000_000)
            Integer quantity) {}

    private final CatalogService catalog;
    private final Clock clock;

    AdminProductController(CatalogService catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @PatchMapping("/api/admin/products/{id}")
    @Transactional
    public ProductDetail changeCatalogData(
            Caller caller, @PathVariable long id, @Valid @RequestBody CatalogPatch patch) {
        caller.requireAdmin();
        Product product = catalog.activeProduct(id);
        Integer cents =
                patch.price() == null ? null : patch.price().movePointRight(2).intValueExact();
        product.changeCatalogData(patch.name(), patch.description(), cents, clock.instant());
        return ProductDetail.of(product);
    }

    @PutMapping("/api/admin/products/{id}/stock")
    @Transactional
    public ProductDetail setStock(Caller caller, @PathVariable long id, @Valid @RequestBody StockUpdate update) {
        caller.requireAdmin();
        Product product = catalog.activeProduct(id);
        product.setStock(update.quantity(), clock.instant());
        return ProductDetail.of(product);
    }
}
