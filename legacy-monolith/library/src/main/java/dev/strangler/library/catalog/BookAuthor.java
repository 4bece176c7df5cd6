package dev.strangler.library.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * One row of the {@code book_authors} join table, an entity of its own so that a client changes a book's authors by
 * creating, re-ordering and deleting these (at {@code /api/bookAuthors}). The key is derived from the two
 * associations; {@link Persistable} tells Spring Data that a row built from a POST is new although its key object
 * exists.
 */
@Entity
@Table(name = "book_authors")
public class BookAuthor implements Persistable<BookAuthorId> {

    @EmbeddedId
    private BookAuthorId id = new BookAuthorId();

    @MapsId("bookId")
    @ManyToOne(optional = false)
    @JoinColumn(name = "book_id")
    private Book book;

    @MapsId("authorId")
    @ManyToOne(optional = false)
    @JoinColumn(name = "author_id")
    private Author author;

    @Column(nullable = false)
    private short position;

    @Transient
    private boolean stored;

    @Override
    @JsonIgnore
    public BookAuthorId getId() {
        return id;
    }

    @Override
    @JsonIgnore
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        stored = true;
    }

    public Book getBook() {
        return book;
    }

    public void setBook(Book book) {
        this.book = book;
    }

    public Author getAuthor() {
        return author;
    }

    public void setAuthor(Author author) {
        this.author = author;
    }

    public short getPosition() {
        return position;
    }

    public void setPosition(short position) {
        this.position = position;
    }
}
