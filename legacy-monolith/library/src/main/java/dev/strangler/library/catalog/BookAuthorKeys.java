package dev.strangler.library.catalog;

import dev.strangler.library.rest.CompositeKeyConverter;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** {@code /api/bookAuthors/{bookId}_{authorId}}. */
@Component
class BookAuthorKeys extends CompositeKeyConverter<BookAuthorId> {

    BookAuthorKeys() {
        super(BookAuthor.class, List.of("bookId", "authorId"));
    }

    @Override
    protected BookAuthorId key(List<String> parts) {
        return new BookAuthorId(UUID.fromString(parts.get(0)), UUID.fromString(parts.get(1)));
    }

    @Override
    protected List<Object> parts(BookAuthorId key) {
        return List.of(key.getBookId(), key.getAuthorId());
    }
}
