package dev.strangler.catalog.products;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** A catalog category. Rows arrive by CDC from the monolith; the service only reads them. */
@Entity
@Table(name = "categories")
@Immutable
public class Category {

    @Id
    private Long id;

    private String name;

    private String slug;

    protected Category() {}

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getSlug() {
        return slug;
    }
}
