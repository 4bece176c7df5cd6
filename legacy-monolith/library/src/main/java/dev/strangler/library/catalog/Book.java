package dev.strangler.library.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
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
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A title on the shelves. The cover is kept out of the JSON (it is served as bytes at {@code /books/{id}/cover}); the
 * version doubles as the ETag Spring Data REST answers with, so a client can update with {@code If-Match}.
 */
@Entity
@Table(name = "books")
public class Book {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private UUID id;

    @Column(nullable = false, unique = true, length = 17)
    private String isbn;

    @Column(nullable = false)
    private String title;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    private List<String> tags = new ArrayList<>();

    @JsonIgnore
    private byte[] cover;

    @Column(precision = 10, scale = 2)
    private BigDecimal price;

    private LocalDate publishedOn;

    // A column whose name needs quoting, as some schemas have.
    @Column(name = "\"Shelf Code\"", length = 16)
    private String shelfCode;

    @Generated
    @Column(insertable = false, updatable = false)
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

    public void setIsbn(String isbn) {
        this.isbn = isbn;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public List<String> getTags() {
        return tags;
    }

    public void setTags(List<String> tags) {
        this.tags = tags == null ? new ArrayList<>() : new ArrayList<>(tags);
    }

    @JsonIgnore
    public byte[] getCover() {
        return cover;
    }

    public void setCover(byte[] cover) {
        this.cover = cover;
    }

    /** Whether there are cover bytes to fetch, so that the pages and the API can link to them only then. */
    public boolean isHasCover() {
        return cover != null && cover.length > 0;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public void setPrice(BigDecimal price) {
        this.price = price;
    }

    public LocalDate getPublishedOn() {
        return publishedOn;
    }

    public void setPublishedOn(LocalDate publishedOn) {
        this.publishedOn = publishedOn;
    }

    public String getShelfCode() {
        return shelfCode;
    }

    public void setShelfCode(String shelfCode) {
        this.shelfCode = shelfCode;
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
