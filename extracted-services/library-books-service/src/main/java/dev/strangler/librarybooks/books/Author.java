package dev.strangler.librarybooks.books;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A writer; their books are rows of {@link BookAuthor}. */
@Entity
@Table(name = "authors")
public class Author {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String fullName;

    private LocalDate born;

    @OneToMany(mappedBy = "author")
    @OrderBy("position")
    private List<BookAuthor> books = new ArrayList<>();

    public UUID getId() {
        return id;
    }

    public String getFullName() {
        return fullName;
    }

    public LocalDate getBorn() {
        return born;
    }

    public List<BookAuthor> getBooks() {
        return books;
    }
}
