package dev.strangler.gateway.path;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.http.server.PathContainer;

/**
 * Raw paths as clients and attackers send them, generated from the pieces that make paths ambiguous
 * (repeated slashes, dot segments, plain and encoded; encoded separators, path parameters, malformed
 * escapes, control characters, mixed case, non-ASCII): every one is either made canonical, in a form
 * an upstream that normalizes leaves as it is, or refused with {@link AmbiguousPathException}; nothing
 * else escapes.
 */
class CanonicalPathPropertiesTest {

    @Property(tries = 2_000)
    void everyPathIsMadeCanonicalOrRefused(@ForAll("rawPaths") String raw) {
        String canonical;
        try {
            canonical = CanonicalPath.of(raw);
        } catch (AmbiguousPathException refused) {
            assertThat(refused.getMessage()).as(raw).isNotBlank();
            return;
        }
        if (raw.isEmpty()) {
            assertThat(canonical).isEmpty();
            return;
        }
        assertThat(canonical).as(raw).startsWith("/").doesNotContain("//");
        assertThat(canonical.split("/", -1)).as(raw).doesNotContain(".", "..");
        assertThat(canonical)
                .as(raw)
                .doesNotContainIgnoringCase("%2e")
                .doesNotContainIgnoringCase("%2f")
                .doesNotContain(";");
        assertThat(CanonicalPath.of(canonical)).as("canonical already: " + raw).isEqualTo(canonical);
        assertThat(PathContainer.parsePath(canonical).value()).isEqualTo(canonical);
    }

    @Provide
    Arbitrary<String> rawPaths() {
        Arbitrary<String> piece = Arbitraries.of(
                "/",
                "//",
                "/.",
                "/..",
                "/./",
                "/../",
                "%2e",
                "%2E%2e",
                "%2f",
                "%2F",
                "%5c",
                "\\",
                ";",
                ";jsessionid=1",
                "%3b",
                "%",
                "%4",
                "%zz",
                "%41",
                "%7e",
                "~",
                "api",
                "API",
                "products",
                "admin",
                "5",
                "x",
                "é",
                "%C3%A9",
                "\u0000",
                "\t",
                " ",
                "%20",
                "*",
                "{id}",
                ".hidden",
                "..x",
                "x..");
        return Arbitraries.oneOf(
                piece.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l)),
                piece.list().ofMinSize(1).ofMaxSize(8).map(l -> "/" + String.join("", l)));
    }
}
