package dev.strangler.library.catalog;

import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.rest.core.config.Projection;

/** A row of a book's author list as a client shows it: who, in which place. */
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
