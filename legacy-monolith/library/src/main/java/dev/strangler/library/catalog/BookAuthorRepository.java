package dev.strangler.library.catalog;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.rest.core.annotation.RepositoryRestResource;

/**
 * {@code /api/bookAuthors}: a book's authors are changed here (POST a book and an author URI with a position, PATCH the
 * position, DELETE the row). Listed with the author's name inlined, so that a book's author list reads in one call.
 */
@RepositoryRestResource(excerptProjection = AuthorLine.class)
public interface BookAuthorRepository extends JpaRepository<BookAuthor, BookAuthorId> {}
