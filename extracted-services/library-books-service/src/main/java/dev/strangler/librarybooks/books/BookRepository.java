package dev.strangler.librarybooks.books;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** {@code /api/books}, with the monolith's two searches {@code search/findByIsbn} and {@code search/findByTag}. */
public interface BookRepository extends JpaRepository<Book, UUID> {

    Optional<Book> findByIsbn(@Param("isbn") String isbn);

    @Query(value = "select * from books where :tag = any(tags)", nativeQuery = true)
    Page<Book> findByTag(@Param("tag") String tag, Pageable pageable);
}
