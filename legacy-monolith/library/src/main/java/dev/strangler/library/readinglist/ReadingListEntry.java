package dev.strangler.library.readinglist;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.strangler.library.catalog.Book;
import dev.strangler.library.members.Member;
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
import java.time.Instant;
import org.hibernate.annotations.Generated;
import org.springframework.data.domain.Persistable;

/** A book a member means to read, in the table {@code "Reading List"}. */
@Entity
@Table(name = "\"Reading List\"")
public class ReadingListEntry implements Persistable<ReadingListId> {

    @EmbeddedId
    private ReadingListId id = new ReadingListId();

    @MapsId("member")
    @ManyToOne(optional = false)
    @JoinColumn(name = "\"member\"")
    private Member member;

    @MapsId("book")
    @ManyToOne(optional = false)
    @JoinColumn(name = "\"book\"")
    private Book book;

    @Generated
    @Column(name = "\"added at\"", insertable = false, updatable = false)
    private Instant addedAt;

    @Transient
    private boolean stored;

    @Override
    @JsonIgnore
    public ReadingListId getId() {
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

    public Member getMember() {
        return member;
    }

    public void setMember(Member member) {
        this.member = member;
    }

    public Book getBook() {
        return book;
    }

    public void setBook(Book book) {
        this.book = book;
    }

    public Instant getAddedAt() {
        return addedAt;
    }
}
