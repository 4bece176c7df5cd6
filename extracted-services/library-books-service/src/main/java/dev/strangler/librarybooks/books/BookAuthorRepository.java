package dev.strangler.librarybooks.books;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.rest.core.annotation.RepositoryRestResource;

/** {@code /api/bookAuthors}, listed with the author's name inlined, as the monolith lists them. */
@RepositoryRestResource(excerptProjection = AuthorLine.class)
public interface BookAuthorRepository extends JpaRepository<BookAuthor, BookAuthorId> {}
