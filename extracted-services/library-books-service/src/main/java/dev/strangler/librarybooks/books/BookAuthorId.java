package dev.strangler.librarybooks.books;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** The join table's composite key: the book and the author. */
@Embeddable
public class BookAuthorId implements Serializable {

    @Column(name = "book_id")
    private UUID bookId;

    @Column(name = "author_id")
    private UUID authorId;

    protected BookAuthorId() {}

    public BookAuthorId(UUID bookId, UUID authorId) {
        this.bookId = bookId;
        this.authorId = authorId;
    }

    public UUID getBookId() {
        return bookId;
    }

    public UUID getAuthorId() {
        return authorId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BookAuthorId other
                && Objects.equals(bookId, other.bookId)
                && Objects.equals(authorId, other.authorId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bookId, authorId);
    }
}
