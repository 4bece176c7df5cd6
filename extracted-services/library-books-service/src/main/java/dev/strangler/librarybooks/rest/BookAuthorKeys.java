package dev.strangler.librarybooks.rest;

import dev.strangler.librarybooks.books.BookAuthor;
import dev.strangler.librarybooks.books.BookAuthorId;
import java.io.Serializable;
import java.util.UUID;
import org.springframework.data.rest.webmvc.spi.BackendIdConverter;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * A join-table row's key in a URL, written as the monolith writes it ({@code {bookId}_{authorId}}), so that the links
 * the service answers with are the monolith's links. A malformed key is a 400 with the same words as the monolith's.
 */
@Component
class BookAuthorKeys implements BackendIdConverter {

    private static final String SEPARATOR = "_";

    @Override
    public Serializable fromRequestId(String id, Class<?> type) {
        if (id == null) {
            return null;
        }
        String[] parts = id.split(SEPARATOR, -1);
        if (parts.length == 2) {
            try {
                return new BookAuthorId(UUID.fromString(parts[0]), UUID.fromString(parts[1]));
            } catch (IllegalArgumentException ignored) {
                // reported below with the expected shape
            }
        }
        throw new ResponseStatusException(
                HttpStatus.BAD_REQUEST,
                "'" + id + "' is not a key of " + type.getSimpleName() + ": write {bookId}" + SEPARATOR + "{authorId}");
    }

    @Override
    public String toRequestId(Serializable id, Class<?> type) {
        BookAuthorId key = (BookAuthorId) id;
        return key.getBookId() + SEPARATOR + key.getAuthorId();
    }

    @Override
    public boolean supports(Class<?> type) {
        return BookAuthor.class.equals(type);
    }
}
