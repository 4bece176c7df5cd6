package dev.strangler.catalog.products;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A product as the catalog sees it. Rows are inserted and updated by the CDC sink while the service
 * runs, so the service owns only its catalog data: {@code title}, {@code description}, {@code price}
 * (and {@code updated_at} when it changes them). Every other column is mapped read-only, and
 * {@link DynamicUpdate} makes an update name only the columns that changed, so a concurrent CDC
 * write of another column (stock above all) is never overwritten with what was loaded.
 */
@Entity
@Table(name = "products")
@DynamicUpdate
public class Product {

    /** Assigned by the monolith; the service never creates products. */
    @Id
    private Long id;

    @Column(insertable = false, updatable = false)
    private String sku;

    private String title;

    private String description;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "category_id", insertable = false, updatable = false)
    private Category category;

    private BigDecimal price;

    @Column(length = 3, insertable = false, updatable = false)
    @JdbcTypeCode(SqlTypes.CHAR)
    private String currency;

    /** Stock is owned by the monolith and flows here read-only. */
    @Column(name = "available_quantity", insertable = false, updatable = false)
    private int availableQuantity;

    @Column(insertable = false, updatable = false)
    private boolean active;

    @Column(name = "created_at", insertable = false, updatable = false)
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

    public String getTitle() {
        return title;
    }

    public String getDescription() {
        return description;
    }

    public Category getCategory() {
        return category;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public String getCurrency() {
        return currency;
    }

    public int getAvailableQuantity() {
        return availableQuantity;
    }

    public boolean isInStock() {
        return availableQuantity > 0;
    }

    public boolean isActive() {
        return active;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** Changes the given catalog fields (null leaves a field as it is); the price has at most two decimals. */
    public void reviseCatalogData(String title, String description, BigDecimal price, Instant now) {
        if (title != null) {
            this.title = title;
        }
        if (description != null) {
            this.description = description;
        }
        if (price != null) {
            this.price = price.setScale(2, RoundingMode.UNNECESSARY);
        }
        this.updatedAt = now;
    }
}
