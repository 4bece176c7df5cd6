package dev.strangler.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The server-rendered pages next to the JSON API, and the redirects that lead to them. */
class PagesTest extends LibraryTestBase {

    @Test
    void theRootRedirectsToTheShelf() {
        Browser.Response root = browser.get("/library/");

        assertThat(root.status()).isEqualTo(302);
        assertThat(root.location()).endsWith("/library/shelf");
    }

    @Test
    void theShelfPageListsBooksPageByPage() {
        Browser.Response shelf = browser.get("/library/shelf");

        assertThat(shelf.status()).isEqualTo(200);
        assertThat(shelf.contentType()).startsWith("text/html");
        String html = shelf.text();
        assertThat(Pattern.compile("<tr class=\"book\">")
                        .matcher(html)
                        .results()
                        .count())
                .isEqualTo(25);
        assertThat(html).containsPattern("href=\"/library/shelf/[0-9a-f-]{36}\"");
        assertThat(html).contains("page 1 of").contains("href=\"/library/shelf?page=1\"");
        assertThat(browser.get("/library/shelf?page=1").text()).contains("page 2 of");
    }

    @Test
    void anIsbnAddressRedirectsForGoodToTheBooksCanonicalPage() {
        UUID book = seededBook(75);
        String isbn = jdbc.sql("select isbn from books where id = ?")
                .param(book)
                .query(String.class)
                .single();

        Browser.Response old = browser.get("/library/books/" + isbn);

        assertThat(old.status()).isEqualTo(301);
        assertThat(old.location()).endsWith("/library/shelf/" + book);
        Browser.Response page = browser.get(old.location());
        assertThat(page.status()).isEqualTo(200);
        String title = jdbc.sql("select title from books where id = ?")
                .param(book)
                .query(String.class)
                .single();
        assertThat(page.text()).contains("<h1>" + title + "</h1>").contains(isbn);
        assertThat(Pattern.compile("class=\"author\"")
                        .matcher(page.text())
                        .results()
                        .count())
                .as("the seed gives every 25th book three authors")
                .isEqualTo(3);
    }

    @Test
    void anUnknownIsbnIsNotFound() {
        assertThat(browser.get("/library/books/000-0-00000-00-0").status()).isEqualTo(404);
    }
}
