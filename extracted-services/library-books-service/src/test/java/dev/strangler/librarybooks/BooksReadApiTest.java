package dev.strangler.librarybooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.infra.postgres.SharedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service answers the library monolith's catalog reads as the monolith does: HAL under {@code /library/api}, the
 * same properties, links, paging, projection and searches, from rows written with plain SQL as the CDC sink writes
 * them. Whether every answer is the monolith's own is proven by the walk (replaying real traffic against both); here,
 * what a client reads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BooksReadApiTest {

    private static final String DATABASE = SharedPostgres.freshDatabase("library_books");
    private static final String B1 = "b0000000-0000-0000-0000-000000000001";
    private static final String B2 = "b0000000-0000-0000-0000-000000000002";
    private static final String B3 = "b0000000-0000-0000-0000-000000000003";
    private static final String A1 = "a0000000-0000-0000-0000-000000000001";
    private static final String A2 = "a0000000-0000-0000-0000-000000000002";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static boolean seeded;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) {
        SharedPostgres.springDatasource(DATABASE).forEach((name, value) -> registry.add(name, () -> value));
    }

    private void seed() {
        if (seeded) {
            return;
        }
        jdbc.sql("""
                        insert into authors values ('%1$s', 'Ursula K. Le Guin', '1929-10-21'), ('%2$s', 'Italo Calvino', null);
                        insert into books (id, isbn, title, tags, cover, price, published_on, "Shelf Code", created_at, version)
                        values ('%3$s', '978-0-06-112008-4', 'The Dispossessed', '{sf,"utopia, ambiguous"}', '\\x89', 12.30,
                                '1974-05-01', 'A "1"', '2026-01-02 03:04:05+00', 4),
                               ('%4$s', '978-0-15-643961-2', 'Invisible Cities', '{classic}', null, null, null, null,
                                '2026-01-03 00:00:00+00', 0),
                               ('%5$s', '978-0-00-000000-3', 'Two Hands', '{classic,sf}', null, 1.00, null, null,
                                '2026-01-04 00:00:00+00', 0);
                        insert into book_authors values ('%3$s', '%1$s', 1), ('%4$s', '%2$s', 1), ('%5$s', '%2$s', 2),
                                                        ('%5$s', '%1$s', 1);
                        """.formatted(A1, A2, B1, B2, B3)).update();
        seeded = true;
    }

    @Test
    void booksAreListedAsHalPagesWithLinksUnderTheMonolithsContextPath() throws Exception {
        seed();
        HttpResponse<String> page = get("/library/api/books?page=1&size=2&sort=isbn");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("application/vnd.hal+json");
        JsonNode json = JSON.readTree(page.body());
        assertThat(titles(json.at("/_embedded/books")))
                .as("the third book by ISBN, alone on the second page")
                .containsExactly("Invisible Cities");
        assertThat(json.at("/page/totalElements").asInt()).isEqualTo(3);
        assertThat(json.at("/_links/prev/href").asString())
                .isEqualTo(url("/library/api/books?page=0&size=2&sort=isbn,asc"));
        JsonNode book = json.at("/_embedded/books/0");
        assertThat(book.get("id").asString()).isEqualTo(B2);
        assertThat(book.at("/_links/self/href").asString()).isEqualTo(url("/library/api/books/" + B2));
        assertThat(book.at("/_links/authors/href").asString())
                .isEqualTo(url("/library/api/books/" + B2 + "/authors") + "{?projection}");
        assertThat(book.has("cover")).as("the bytes stay out of the JSON").isFalse();
        assertThat(book.get("hasCover").asBoolean()).isFalse();
    }

    @Test
    void aBookReadsWithItsQuotedShelfCodeArrayTagsAndVersionAsTheEtag() throws Exception {
        seed();
        HttpResponse<String> answer = get("/library/api/books/" + B1);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("ETag")).hasValue("\"4\"");
        JsonNode book = JSON.readTree(answer.body());
        assertThat(book.get("shelfCode").asString()).isEqualTo("A \"1\"");
        assertThat(strings(book.get("tags"))).containsExactly("sf", "utopia, ambiguous");
        assertThat(book.get("price").decimalValue()).isEqualByComparingTo("12.30");
        assertThat(book.get("hasCover").asBoolean()).isTrue();
        assertThat(book.get("createdAt").asString()).isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void aBooksAuthorsAreItsJoinTableRowsInTheirOrderWithTheAuthorsName() throws Exception {
        seed();
        JsonNode lines = JSON.readTree(
                        get("/library/api/books/" + B3 + "/authors").body())
                .at("/_embedded/bookAuthors");

        List<String> names = new ArrayList<>();
        for (JsonNode line : lines) {
            names.add(
                    line.get("position").asInt() + " " + line.get("authorName").asString());
        }
        assertThat(names).containsExactly("1 Ursula K. Le Guin", "2 Italo Calvino");
        assertThat(lines.get(1).at("/_links/self/href").asString())
                .as("the composite key written as the monolith writes it")
                .isEqualTo(url("/library/api/bookAuthors/" + B3 + "_" + A2));
        assertThat(get("/library/api/bookAuthors/" + B3 + "_" + A2).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theMonolithsSearchesFindByIsbnAndByTag() throws Exception {
        seed();
        JsonNode byIsbn = JSON.readTree(get("/library/api/books/search/findByIsbn?isbn=978-0-15-643961-2")
                .body());
        assertThat(byIsbn.get("id").asString()).isEqualTo(B2);

        JsonNode tagged = JSON.readTree(
                get("/library/api/books/search/findByTag?tag=classic&sort=isbn").body());
        assertThat(titles(tagged.at("/_embedded/books"))).containsExactly("Two Hands", "Invisible Cities");
    }

    @Test
    void writesAreRefusedSinceCdcIsTheOnlyWriterOfThisDatabase() throws Exception {
        seed();
        HttpResponse<String> patch = HTTP.send(
                HttpRequest.newBuilder(URI.create(url("/library/api/books/" + B1)))
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(patch.statusCode()).isEqualTo(405);
        assertThat(jdbc.sql("select title from books where id = ?::uuid")
                        .param(B1)
                        .query(String.class)
                        .single())
                .isEqualTo("The Dispossessed");
    }

    @Test
    void answersCarryTheMonolithsNoCachingHeadersSoAClientCachesNeitherSideLonger() throws Exception {
        seed();
        HttpResponse<String> answer = get("/library/api/books/" + B2);

        assertThat(answer.headers().firstValue("Cache-Control"))
                .hasValue("no-cache, no-store, max-age=0, must-revalidate");
        assertThat(answer.headers().firstValue("Pragma")).hasValue("no-cache");
        assertThat(answer.headers().firstValue("Expires")).hasValue("0");
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void aMalformedJoinTableKeyIsA400SayingTheShape() throws Exception {
        HttpResponse<String> answer = get("/library/api/bookAuthors/not-a-key");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("{bookId}_{authorId}");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static List<String> titles(JsonNode books) {
        List<String> titles = new ArrayList<>();
        books.forEach(b -> titles.add(b.get("title").asString()));
        return titles;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
