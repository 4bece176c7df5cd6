package dev.strangler.playbook.sandbox;

import java.math.BigInteger;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the library's users do, sent to a base URL: a member first, then two phones browsing the catalog (pages sorted by ISBN, a book, its
 * authors, an author, the two searches) and a member who logs in by the form as a browser does (the login page's
 * CSRF token, the session cookie), looks at the shelf and their account, renames a book through the HAL API and reads
 * it back. Each caller has its own cookies and names its device, as the app's clients do.
 */
final class LibraryTraffic {

    /** How many requests {@link #play()} sends. */
    static final int EXCHANGES = 17;

    /** The book the member renames. */
    static final UUID RENAMED = seeded("book", 12);

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    /** One request and the status it got. */
    record Exchange(String method, String path, int status) {}

    private final String base;
    private final List<Exchange> sent = new ArrayList<>();

    LibraryTraffic(String base) {
        this.base = base;
    }

    List<Exchange> play() throws Exception {
        Caller member = loggedIn("phone-b", "reader3");
        member.get("/library/shelf?page=0");
        member.send("PATCH", "/library/api/books/" + RENAMED, "{\"title\":\"The Renamed Paper Winter 12\"}");
        member.get("/library/api/books/" + RENAMED);
        member.get("/library/account");

        Caller phoneA = new Caller("phone-a");
        phoneA.get("/library/api/books?page=0&size=20&sort=isbn");
        phoneA.get("/library/api/books?page=1&size=20&sort=isbn");
        phoneA.get("/library/api/books/" + seeded("book", 7));
        phoneA.get("/library/api/books/" + seeded("book", 7) + "/authors");
        phoneA.get("/library/api/authors/" + seeded("author", 7));
        phoneA.get("/library/api/books/search/findByTag?tag=poetry&size=5&sort=isbn");
        phoneA.get("/library/api/books/search/findByIsbn?isbn=978-0-00033-31-3");

        Caller phoneC = new Caller("phone-c");
        phoneC.get("/library/api/books/" + seeded("book", 50));
        phoneC.get("/library/api/books/" + seeded("book", 50) + "/authors");
        phoneC.get("/library/api/books?page=1&size=20&sort=isbn");
        phoneC.get("/library/api/authors/" + seeded("author", 50));
        return List.copyOf(sent);
    }

    /** What {@link #liveWrites()} changed, to look for in the service's database. */
    record LiveWrites(UUID repriced, String price, UUID firstAuthor, UUID addedAuthor, UUID unauthored) {}

    /**
     * A member's writes while the stream runs, through the gateway (the monolith takes them): a new price, an author
     * added to a book through the join table's API, one removed from a three-author book.
     */
    LiveWrites liveWrites() throws Exception {
        Caller member = loggedIn("phone-d", "reader5");
        UUID book = seeded("book", 77);
        UUID added = seeded("author", 3);
        expect(member.send("PATCH", "/library/api/books/" + book, "{\"price\": 41.25}"), 200, 204);
        expect(
                member.send(
                        "POST",
                        "/library/api/bookAuthors",
                        "{\"book\": \"" + base + "/library/api/books/" + book + "\", \"author\": \"" + base
                                + "/library/api/authors/" + added + "\", \"position\": 2}"),
                201);
        UUID threeAuthors = seeded("book", 100);
        String lines =
                member.get("/library/api/books/" + threeAuthors + "/authors").body();
        Matcher second =
                Pattern.compile("\"authorId\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(lines);
        second.find();
        second.find();
        expect(
                member.send("DELETE", "/library/api/bookAuthors/" + threeAuthors + "_" + second.group(1), null),
                200,
                204);
        return new LiveWrites(book, "41.25", seeded("author", 1 + (77 - 1) % 60), added, threeAuthors);
    }

    /** The answer bodies of one read asked by {@code devices} phones, each with its own device id. */
    List<String> readAsDevices(String path, int devices) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 1; i <= devices; i++) {
            HttpResponse<String> answer = new Caller("canary-phone-" + i).get(path);
            expect(answer, 200);
            bodies.add(answer.body());
        }
        return bodies;
    }

    private static void expect(HttpResponse<String> answer, int... statuses) {
        for (int s : statuses) {
            if (answer.statusCode() == s) {
                return;
            }
        }
        throw new AssertionError(
                answer.request().method() + " " + answer.uri() + ": " + answer.statusCode() + " " + answer.body());
    }

    private Caller loggedIn(String device, String reader) throws Exception {
        Caller member = new Caller(device);
        String login = member.get("/library/login").body();
        Matcher token = CSRF.matcher(login);
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token in the login page: " + login);
        }
        member.form(
                "/library/login",
                "username=" + reader + "%40library.test&password=reader-password&_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8));
        return member;
    }

    /** The seed's id of its {@code n}th book or author: {@code md5('book-' || n)::uuid}. */
    static UUID seeded(String what, int n) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest((what + "-" + n).getBytes(StandardCharsets.UTF_8));
            String hex = String.format("%032x", new BigInteger(1, md5));
            return UUID.fromString(hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One device: its cookies, its id header. */
    private final class Caller {

        private final String device;
        private final HttpClient http;

        Caller(String device) {
            this.device = device;
            this.http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(request(path).GET().header("Accept", "application/hal+json, text/html;q=0.9"), "GET", path);
        }

        HttpResponse<String> form(String path, String body) throws Exception {
            return send(
                    request(path)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body)),
                    "POST",
                    path);
        }

        HttpResponse<String> send(String method, String path, String json) throws Exception {
            HttpRequest.Builder request = request(path);
            if (json == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
            }
            return send(request, method, path);
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(20))
                    .header("X-Device-Id", device);
        }

        private HttpResponse<String> send(HttpRequest.Builder request, String method, String path) throws Exception {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            sent.add(new Exchange(method, path, answer.statusCode()));
            return answer;
        }
    }
}
