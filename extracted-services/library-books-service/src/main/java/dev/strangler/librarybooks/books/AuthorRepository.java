package dev.strangler.librarybooks.books;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** {@code /api/authors}. */
public interface AuthorRepository extends JpaRepository<Author, UUID> {}
