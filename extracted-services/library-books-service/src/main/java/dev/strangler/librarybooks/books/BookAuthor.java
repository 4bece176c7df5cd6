package dev.strangler.librarybooks.books;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;

/** A row of {@code book_authors}: which author, in which place, of which book. */
@Entity
@Table(name = "book_authors")
public class BookAuthor {

    @EmbeddedId
    private BookAuthorId id;

    @MapsId("bookId")
    @ManyToOne(optional = false)
    @JoinColumn(name = "book_id")
    private Book book;

    @MapsId("authorId")
    @ManyToOne(optional = false)
    @JoinColumn(name = "author_id")
    private Author author;

    private short position;

    @JsonIgnore
    public BookAuthorId getId() {
        return id;
    }

    public Book getBook() {
        return book;
    }

    public Author getAuthor() {
        return author;
    }

    public short getPosition() {
        return position;
    }
}
