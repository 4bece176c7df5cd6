package dev.strangler.gateway.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalPathTest {

    @ParameterizedTest(name = "{0} is already canonical")
    @ValueSource(
            strings = {
                "/",
                "/api/admin/products/5",
                "/api/products/",
                "/.well-known/openid",
                "/a.b/c..d/...x",
                "/api/caf%C3%A9",
                "/API/Admin",
                "/api/a%20b",
                "/api/50%25",
                "/api/a+b@c:d=e,f!g$h&i'j(k)l*m"
            })
    void aCanonicalPathIsReturnedAsTheSameInstance(String path) {
        assertThat(CanonicalPath.of(path)).isSameAs(path);
    }

    @Test
    void theQuickScanLetsTheCommonPathThroughWithoutRebuildingIt() {
        assertThat(CanonicalPath.looksCanonical("/api/admin/products/5")).isTrue();
        assertThat(CanonicalPath.looksCanonical("/api//admin")).isFalse();
        assertThat(CanonicalPath.looksCanonical("/api/%2e")).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "//api/admin/products/5,         /api/admin/products/5",
        "/api//admin///products/5,       /api/admin/products/5",
        "/api/admin/products/5//,        /api/admin/products/5/",
        "//,                             /",
        "/api/admin/products/5/,         /api/admin/products/5/"
    })
    void repeatedSlashesAreMergedBeforeTheRouteIsDecided(String raw, String canonical) {
        assertThat(CanonicalPath.of(raw)).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/api/./admin/products/5,        /api/admin/products/5",
        "/api/x/../admin/products/5,     /api/admin/products/5",
        "/api/x/y/../../admin,           /api/admin",
        "/./api,                         /api",
        "/api/admin/.,                   /api/admin/",
        "/api/admin/x/..,                /api/admin/",
        "/api/..,                        /",
        "/api/x/..//admin/./products,    /api/admin/products"
    })
    void dotSegmentsAreRemovedBeforeTheRouteIsDecided(String raw, String canonical) {
        assertThat(CanonicalPath.of(raw)).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/api/%61dmin/products/%35,      /api/admin/products/5",
        "/api/%41DMIN,                   /api/ADMIN",
        "/api/%7euser/a%2Db%5Fc,         /api/~user/a-b_c",
        "/api/file%2ejson,               /api/file.json",
        "/api/caf%c3%a9,                 /api/caf%C3%A9",
        "/api/a%2ab%3fc%25d,             /api/a%2Ab%3Fc%25d",
        "/api/%2561dmin,                 /api/%2561dmin"
    })
    void unreservedCharactersAreDecodedAndOtherEncodingsGetUpperCaseHex(String raw, String canonical) {
        assertThat(CanonicalPath.of(raw)).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0} is refused, naming {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "/api/x/%2e%2e/admin            | '%2e%2e' is an encoded dot segment",
                "/api/x/%2E%2E/admin            | '%2E%2E' is an encoded dot segment",
                "/api/x/.%2e/admin              | '.%2e' is an encoded dot segment",
                "/api/x/%2e./admin              | '%2e.' is an encoded dot segment",
                "/api/%2e/admin                 | '%2e' is an encoded dot segment",
                "/api/x/%2e%2e                  | '%2e%2e' is an encoded dot segment"
            })
    void encodedDotSegmentsAreRefusedSinceUpstreamsResolveThemDifferently(String raw, String detail) {
        assertThatThrownBy(() -> CanonicalPath.of(raw))
                .isInstanceOf(AmbiguousPathException.class)
                .hasMessageContaining(detail);
    }

    @ParameterizedTest(name = "{0} is refused, naming {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "/api/admin%2Fproducts/5        | '%2F' in the segment 'admin%2Fproducts' is an encoded '/'",
                "/api/admin%2fproducts/5        | '%2f' in the segment 'admin%2fproducts'",
                "/api/admin%5Cproducts/5        | '%5C' in the segment 'admin%5Cproducts' is an encoded '\\'",
                "/api/admin%5cproducts/5        | '%5c'",
                "/api/admin\\products/5         | '\\' in the segment 'admin\\products' is a backslash"
            })
    void encodedSlashesAndBackslashesAreRefusedSinceSomeServersSplitOnThem(String raw, String detail) {
        assertThatThrownBy(() -> CanonicalPath.of(raw))
                .isInstanceOf(AmbiguousPathException.class)
                .hasMessageContaining(detail);
    }

    @ParameterizedTest(name = "{0} is refused, naming {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "/api/admin/products/5;v=1      | ';' in the segment '5;v=1' is path parameters",
                "/api/admin;jsessionid=x/p      | ';' in the segment 'admin;jsessionid=x'",
                "/api/admin/products%3B5        | '%3B' in the segment 'products%3B5' is an encoded ';'",
                "/api/admin/products%3b5        | '%3b'"
            })
    void pathParametersAreRefusedSinceTomcatStripsThemAndNginxKeepsThem(String raw, String detail) {
        assertThatThrownBy(() -> CanonicalPath.of(raw))
                .isInstanceOf(AmbiguousPathException.class)
                .hasMessageContaining(detail);
    }

    @ParameterizedTest(name = "{0} is refused, naming {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "/..                            | the segment '..' climbs above the root",
                "/../api/admin                  | the segment '..' climbs above the root",
                "/api/../../admin               | the segment '..' climbs above the root",
                "/api/a%00b                     | '%00' in the segment 'a%00b' is an encoded control character",
                "/api/a%0Ab                     | '%0A'",
                "/api/a%7fb                     | '%7f'",
                "/api/a%zzb                     | '%zz' in the segment 'a%zzb' is a malformed percent-encoding",
                "/api/a%4                       | '%4' in the segment 'a%4' is a malformed percent-encoding",
                "/api/a%                        | '%' in the segment 'a%' is a malformed percent-encoding",
                "api/admin                      | the path must start with '/'"
            })
    void whatCannotBeMadeUnambiguousIsRefused(String raw, String detail) {
        assertThatThrownBy(() -> CanonicalPath.of(raw))
                .isInstanceOf(AmbiguousPathException.class)
                .hasMessageContaining(detail);
    }

    @Test
    void aLiteralControlCharacterIsRefused() {
        assertThatThrownBy(() -> CanonicalPath.of("/api/a\tb"))
                .isInstanceOf(AmbiguousPathException.class)
                .hasMessageContaining("a control character");
    }

    @Test
    void caseIsKeptAsSent() {
        assertThat(CanonicalPath.of("//API/Admin/./Products")).isEqualTo("/API/Admin/Products");
    }
}
