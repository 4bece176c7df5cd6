package dev.strangler.librarybooks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The library monolith's book catalog (authors, books and who wrote which), extracted: it answers the monolith's HAL
 * reads under {@code /library/api} from a database of its own that change-data capture keeps equal to the monolith's
 * tables.
 */
@SpringBootApplication
public class LibraryBooksServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(LibraryBooksServiceApplication.class, args);
    }
}
