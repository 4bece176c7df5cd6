package dev.strangler.library;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A lending library written the way many teams write theirs, and unlike our first reference monolith: Spring Data
 * REST with HAL under a context path, form login with a session cookie, Thymeleaf pages next to the JSON API.
 */
@SpringBootApplication
public class LibraryApplication {

    public static void main(String[] args) {
        SpringApplication.run(LibraryApplication.class, args);
    }
}
