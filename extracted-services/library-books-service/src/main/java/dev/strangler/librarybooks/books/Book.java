package dev.strangler.librarybooks.books;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A title, with the properties the monolith's API shows. The cover bytes stay out of the JSON as there (only
 * {@code hasCover} says whether there are any); the version is the ETag, as there, and is the monolith's own counter
 * carried by CDC.
 */
@Entity
@Table(name = "books")
public class Book {

    @Id
    private UUID id;

    private String isbn;

    private String title;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> tags = new ArrayList<>();

    @JsonIgnore
    private byte[] cover;

    private BigDecimal price;

    private LocalDate publishedOn;

    @Column(name = "\"Shelf Code\"")
    private String shelfCode;

    private Instant createdAt;

    @Version
    private int version;

    @OneToMany(mappedBy = "book")
    @OrderBy("position")
    private List<BookAuthor> authors = new ArrayList<>();

    public UUID getId() {
        return id;
    }

    public String getIsbn() {
        return isbn;
    }

    public String getTitle() {
        return title;
    }

    public List<String> getTags() {
        return tags;
    }

    public boolean isHasCover() {
        return cover != null && cover.length > 0;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public LocalDate getPublishedOn() {
        return publishedOn;
    }

    public String getShelfCode() {
        return shelfCode;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public int getVersion() {
        return version;
    }

    public List<BookAuthor> getAuthors() {
        return authors;
    }
}
