package dev.strangler.library.loans;

import dev.strangler.library.catalog.Book;
import dev.strangler.library.members.Member;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.time.LocalDate;

/** A book lent to a member until a due date; returned when {@code returnedAt} is set. */
@Entity
@Table(name = "loans")
@EntityListeners(LoanAudit.class)
public class Loan {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "book_id")
    private Book book;

    @ManyToOne(optional = false)
    @JoinColumn(name = "member_id")
    private Member member;

    @Column(nullable = false)
    private Instant lentAt;

    @Column(nullable = false)
    private LocalDate dueOn;

    private Instant returnedAt;

    // What returnedAt was when loaded, so that the audit tells a return from another change.
    @Transient
    private Instant returnedAtWhenLoaded;

    @PrePersist
    void lentNowUnlessSaid() {
        if (lentAt == null) {
            lentAt = Instant.now();
        }
    }

    @PostLoad
    void remember() {
        returnedAtWhenLoaded = returnedAt;
    }

    boolean isJustReturned() {
        return returnedAt != null && returnedAtWhenLoaded == null;
    }

    public Long getId() {
        return id;
    }

    public Book getBook() {
        return book;
    }

    public void setBook(Book book) {
        this.book = book;
    }

    public Member getMember() {
        return member;
    }

    public void setMember(Member member) {
        this.member = member;
    }

    public Instant getLentAt() {
        return lentAt;
    }

    public void setLentAt(Instant lentAt) {
        this.lentAt = lentAt;
    }

    public LocalDate getDueOn() {
        return dueOn;
    }

    public void setDueOn(LocalDate dueOn) {
        this.dueOn = dueOn;
    }

    public Instant getReturnedAt() {
        return returnedAt;
    }

    public void setReturnedAt(Instant returnedAt) {
        this.returnedAt = returnedAt;
    }
}
