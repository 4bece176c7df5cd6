package dev.strangler.library.readinglist;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** The reading list's key: a member and a book. */
@Embeddable
public class ReadingListId implements Serializable {

    @Column(name = "\"member\"")
    private Long member;

    @Column(name = "\"book\"")
    private UUID book;

    protected ReadingListId() {}

    public ReadingListId(Long member, UUID book) {
        this.member = member;
        this.book = book;
    }

    public Long getMember() {
        return member;
    }

    public UUID getBook() {
        return book;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadingListId other
                && Objects.equals(member, other.member)
                && Objects.equals(book, other.book);
    }

    @Override
    public int hashCode() {
        return Objects.hash(member, book);
    }
}
