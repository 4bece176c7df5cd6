package dev.strangler.monolith.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.type.SqlTypes;

/**
 * A row of the legacy wide {@code products} table: catalog data (name, description, price) and
 * inventory (stock, warehouse bin, supplier) side by side, as the monolith grew it.
 */
@Entity
@Table(name = "products")
// Write only the columns that changed: once the catalog columns belong to the catalog service (which
// writes them back into this table), a stock change here must not write back the name or price it
// read a moment earlier.
@DynamicUpdate
public class Product {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String sku;

    private String name;

    private String description;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "category_id")
    private Category category;

    @Column(name = "price_cents")
    private int priceCents;

    @Column(length = 3)
    @org.hibernate.annotations.JdbcTypeCode(SqlTypes.CHAR)
    private String currency;

    @Column(name = "stock_qty")
    private int stock;

    @Column(name = "warehouse_bin")
    private String warehouseBin;

    @Column(name = "supplier_code")
    private String supplierCode;

    @Column(name = "is_active")
    private boolean active;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Product() {}

    public Long getId() {
        return id;
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public Category getCategory() {
        return category;
    }

    public int getPriceCents() {
        return priceCents;
    }

    public String getCurrency() {
        return currency;
    }

    public int getStock() {
        return stock;
    }

    public boolean isActive() {
        return active;
    }

    public void changeCatalogData(String name, String description, Integer priceCents, Instant now) {
        if (name != null) {
            this.name = name;
        }
        if (description != null) {
            this.description = description;
        }
        if (priceCents != null) {
            this.priceCents = priceCents;
        }
        this.updatedAt = now;
    }

    public void setStock(int stock, Instant now) {
        this.stock = stock;
        this.updatedAt = now;
    }

    /** Takes {@code quantity} out of stock; the caller has checked there is enough. */
    public void take(int quantity, Instant now) {
        if (quantity > stock) {
            throw new IllegalStateException("product " + id + " has " + stock + " left, " + quantity + " taken");
        }
        setStock(stock - quantity, now);
    }

    public void putBack(int quantity, Instant now) {
        setStock(stock + quantity, now);
    }
}
