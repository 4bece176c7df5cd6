package dev.strangler.librarybooks.books;

import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.rest.core.config.Projection;

/** The monolith's {@code authorLine} projection of a join-table row: who, in which place. */
@Projection(name = "authorLine", types = BookAuthor.class)
public interface AuthorLine {

    short getPosition();

    @Value("#{target.author.id}")
    UUID getAuthorId();

    @Value("#{target.author.fullName}")
    String getAuthorName();

    @Value("#{target.book.id}")
    UUID getBookId();
}
