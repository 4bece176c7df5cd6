package dev.strangler.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The catalog's HAL API as a client uses it: pages of books, a book's authors, tags and covers. */
class CatalogApiTest extends LibraryTestBase {

    @Test
    void booksAreListedAsHalPagesWithLinksUnderTheContextPath() {
        Browser.Response page = browser.get("/library/api/books?page=1&size=20");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("application/vnd.hal+json");
        JsonNode json = page.json();
        assertThat(json.at("/_embedded/books")).hasSize(20);
        assertThat(json.at("/page/number").asInt()).isEqualTo(1);
        assertThat(json.at("/page/size").asInt()).isEqualTo(20);
        assertThat(json.at("/page/totalElements").asLong())
                .as("the seed's 300 books at least")
                .isGreaterThanOrEqualTo(300);
        assertThat(json.at("/_links/self/href").asString()).startsWith(browser.url("/library/api/books"));
        assertThat(json.at("/_links/next/href").asString()).isEqualTo(browser.url("/library/api/books?page=2&size=20"));
        assertThat(json.at("/_links/prev/href").asString()).isEqualTo(browser.url("/library/api/books?page=0&size=20"));
        assertThat(json.at("/_links/first/href").asString())
                .isEqualTo(browser.url("/library/api/books?page=0&size=20"));
        for (JsonNode book : json.at("/_embedded/books")) {
            UUID id = UUID.fromString(book.get("id").asString());
            assertThat(book.at("/_links/self/href").asString())
                    .as("a book's own address is its UUID under the context path")
                    .isEqualTo(api("books/" + id));
            assertThat(book.at("/_links/authors/href").asString())
                    .as("a templated HAL link: the author list can be asked for in a projection")
                    .isEqualTo(api("books/" + id + "/authors") + "{?projection}");
            assertThat(book.at("/_links/authors/templated").asBoolean()).isTrue();
            assertThat(book.has("cover"))
                    .as("the cover bytes stay out of the JSON")
                    .isFalse();
        }
    }

    @Test
    void theCatalogIsSearchedByIsbnAndByTag() {
        UUID book = seededBook(40);
        String isbn = jdbc.sql("select isbn from books where id = ?")
                .param(book)
                .query(String.class)
                .single();

        JsonNode byIsbn =
                browser.get("/library/api/books/search/findByIsbn?isbn=" + isbn).json();
        assertThat(byIsbn.get("id").asString()).isEqualTo(book.toString());

        Browser.Response tagged = browser.get("/library/api/books/search/findByTag?tag=staff%20pick&size=10");
        assertThat(tagged.status()).as(tagged.text()).isEqualTo(200);
        long expected = jdbc.sql("select count(*) from books where 'staff pick' = any(tags)")
                .query(Long.class)
                .single();
        assertThat(tagged.json().at("/page/totalElements").asLong())
                .isEqualTo(expected)
                .isPositive();
        for (JsonNode found : tagged.json().at("/_embedded/books")) {
            assertThat(strings(found.get("tags"))).contains("staff pick");
        }
    }

    @Test
    void aBooksAuthorsAreReadAndChangedThroughTheJoinTable() {
        UUID book = seededBook(50);
        List<String> before = authorNames(book);
        assertThat(before).as("the seed gives every 25th book three authors").hasSize(3);

        browser.loggedInAs("reader2@library.test", PASSWORD);
        UUID newcomer = seededAuthor(33);
        Browser.Response added = browser.postJson(
                "/library/api/bookAuthors",
                Map.of("book", api("books/" + book), "author", api("authors/" + newcomer), "position", 4));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        assertThat(added.location()).isEqualTo(api("bookAuthors/" + book + "_" + newcomer));

        JsonNode lines =
                browser.get("/library/api/books/" + book + "/authors").json().at("/_embedded/bookAuthors");
        JsonNode first = lines.get(0);
        Browser.Response moved = browser.patchJson(first.at("/_links/self/href").asString(), Map.of("position", 9));
        assertThat(moved.status()).as(moved.text()).isIn(200, 204);
        JsonNode second = lines.get(1);
        assertThat(browser.delete(second.at("/_links/self/href").asString()).status())
                .isEqualTo(204);

        List<String> after = authorNames(book);
        String newcomerName = browser.get("/library/api/authors/" + newcomer)
                .json()
                .get("fullName")
                .asString();
        assertThat(after)
                .as("second author removed, the newcomer fourth, the first moved last")
                .containsExactly(before.get(2), newcomerName, before.get(0));
        assertThat(jdbc.sql("select count(*) from book_authors where book_id = ?")
                        .param(book)
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void aMalformedJoinTableKeyIsRefusedWithTheShapeItShouldHave() {
        Browser.Response answer = browser.get("/library/api/bookAuthors/not-a-key");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text()).contains("'not-a-key'").contains("{bookId}_{authorId}");
    }

    @Test
    void tagsAndTheQuotedShelfCodeRoundTripThroughTheApi() {
        browser.loggedInAs("reader4@library.test", PASSWORD);
        Map<String, Object> book = new LinkedHashMap<>();
        book.put("isbn", "979-1-" + (System.nanoTime() % 100_000_000L));
        book.put("title", "Arrays, Quotes and Bytes");
        book.put("tags", List.of("science", "with space", "{braces}", "comma, inside", "quote \" inside"));
        book.put("shelfCode", "Q-\"1\"");
        book.put("price", 12.5);
        Browser.Response created = browser.postJson("/library/api/books", book);
        assertThat(created.status()).as(created.text()).isEqualTo(201);

        Browser.Response fetched = browser.get(created.location());
        assertThat(fetched.header("ETag")).as("the version is the ETag").contains("\"0\"");
        JsonNode read = fetched.json();
        assertThat(strings(read.get("tags"))).isEqualTo(book.get("tags"));
        assertThat(read.get("shelfCode").asString()).isEqualTo("Q-\"1\"");
        assertThat(read.get("price").decimalValue()).isEqualByComparingTo("12.50");
        UUID id = UUID.fromString(read.get("id").asString());
        assertThat(jdbc.sql("select \"Shelf Code\" from books where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("Q-\"1\"");
        assertThat(jdbc.sql("select array_length(tags, 1) from books where id = ?")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);

        Browser.Response retagged = browser.patchJson(created.location(), Map.of("tags", List.of("poetry")));
        assertThat(retagged.status()).as(retagged.text()).isIn(200, 204);
        Browser.Response again = browser.get(created.location());
        assertThat(strings(again.json().get("tags"))).containsExactly("poetry");
        assertThat(again.header("ETag")).as("the version counts the change").contains("\"1\"");
    }

    @Test
    void aCoverRoundTripsAsTheSameBytesWithItsContentType() {
        browser.loggedInAs("reader4@library.test", PASSWORD);
        UUID book = seededBook(7);
        byte[] png = new byte[5000];
        new Random(7).nextBytes(png);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);

        Browser.Response put = browser.send("PUT", "/library/books/" + book + "/cover", "image/png", png);
        assertThat(put.status()).as(put.text()).isEqualTo(204);
        Browser.Response got = new Browser(port).get("/library/books/" + book + "/cover");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.contentType()).isEqualTo("image/png");
        assertThat(got.bytes()).isEqualTo(png);

        byte[] other = {0, 1, 2, (byte) 0xff, (byte) 0xfe};
        assertThat(browser.send("PUT", "/library/books/" + book + "/cover", "application/octet-stream", other)
                        .status())
                .isEqualTo(204);
        Browser.Response raw = browser.get("/library/books/" + book + "/cover");
        assertThat(raw.contentType()).isEqualTo("application/octet-stream");
        assertThat(raw.bytes()).isEqualTo(other);
        assertThat(jdbc.sql("select cover from books where id = ?")
                        .param(book)
                        .query(byte[].class)
                        .single())
                .isEqualTo(other);
    }

    @Test
    void replacingABookWithPutKeepsItsCover() {
        browser.loggedInAs("reader4@library.test", PASSWORD);
        UUID book = seededBook(60);
        byte[] cover = jdbc.sql("select cover from books where id = ?")
                .param(book)
                .query(byte[].class)
                .single();
        assertThat(cover).as("the seed gives every 10th book a cover").isNotEmpty();
        JsonNode before = browser.get("/library/api/books/" + book).json();
        Map<String, Object> replacement = new LinkedHashMap<>();
        replacement.put("isbn", before.get("isbn").asString());
        replacement.put("title", "Renamed by PUT");
        replacement.put("tags", List.of("renamed"));

        Browser.Response put = browser.send(
                "PUT", "/library/api/books/" + book, "application/json", Browser.JSON.writeValueAsBytes(replacement));

        assertThat(put.status()).as(put.text()).isIn(200, 204);
        assertThat(browser.get("/library/api/books/" + book).json().get("title").asString())
                .isEqualTo("Renamed by PUT");
        assertThat(browser.get("/library/books/" + book + "/cover").bytes())
                .as("the cover is not part of the JSON, so a PUT of the JSON leaves it")
                .isEqualTo(cover);
    }

    @Test
    void aSeededCoverIsServedAsPng() {
        Browser.Response cover = browser.get("/library/books/" + seededBook(30) + "/cover");

        assertThat(cover.status()).isEqualTo(200);
        assertThat(cover.contentType()).isEqualTo("image/png");
        assertThat(browser.get("/library/books/" + seededBook(31) + "/cover").status())
                .as("a book without a cover")
                .isEqualTo(404);
    }

    @Test
    void aWriteWithoutASessionIsRefusedWith401AndChangesNothing() {
        String isbn = "979-2-" + (System.nanoTime() % 100_000_000L);
        Browser.Response refused = browser.postJson("/library/api/books", Map.of("isbn", isbn, "title", "Sneaked in"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from books where isbn = ?")
                        .param(isbn)
                        .query(Long.class)
                        .single())
                .isZero();

        UUID book = seededBook(8);
        assertThat(browser.send("PUT", "/library/books/" + book + "/cover", "image/png", new byte[] {1})
                        .status())
                .isEqualTo(401);
        assertThat(browser.delete("/library/api/books/" + book).status()).isEqualTo(401);
        assertThat(browser.get("/library/api/books/" + book).status())
                .as("reads stay public")
                .isEqualTo(200);
    }

    private List<String> authorNames(UUID book) {
        JsonNode lines =
                browser.get("/library/api/books/" + book + "/authors").json().at("/_embedded/bookAuthors");
        List<JsonNode> sorted = new ArrayList<>();
        lines.forEach(sorted::add);
        sorted.sort((a, b) ->
                Integer.compare(a.get("position").asInt(), b.get("position").asInt()));
        return sorted.stream().map(line -> line.get("authorName").asString()).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
