package dev.strangler.playbook.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * A stand-in for "some backend" in the suite's own tests: answers built by hand, some keeping the
 * contract and some deliberately breaking it.
 */
final class Backend {

    static final String CATEGORIES = """
            [{"id": 1, "name": "Books", "slug": "books"}, {"id": 2, "name": "Games", "slug": "games"}]""";

    static final String ONE_PRODUCT_PAGE = """
            {"items": [{"id": 7, "sku": "BK-7", "name": "Strangler Patterns", "price": 12.90, "currency": "EUR",
                        "categoryId": 1, "inStock": true}],
             "page": 0, "size": 5, "totalItems": 1, "totalPages": 1}""";

    static final String DETAIL_7 = """
            {"id": 7, "sku": "BK-7", "name": "Strangler Patterns", "description": "A book.", "price": %s,
             "currency": "EUR", "category": {"id": 1, "name": "Books", "slug": "books"}, "inStock": true,
             "availableQuantity": 5}""";

    private final WireMockServer server;

    Backend(WireMockServer server) {
        this.server = server;
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static ResponseDefinitionBuilder problem(int status, String code) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\": \"about:blank\", \"title\": \"Problem\", \"status\": " + status + ", \"code\": \""
                        + code + "\"}");
    }

    void stub(MappingBuilder mapping) {
        server.stubFor(mapping);
    }

    /** Categories and one product, all as API.md says; {@code price} is the detail's price as raw JSON. */
    void catalogWithDetailPrice(String price) {
        stub(get(urlPathEqualTo("/api/categories")).willReturn(json(200, CATEGORIES)));
        stub(get(urlPathEqualTo("/api/products")).willReturn(json(200, ONE_PRODUCT_PAGE)));
        stub(get(urlPathMatching("/api/products/[0-9]+")).atPriority(10).willReturn(problem(404, "not_found")));
        stub(get(urlPathEqualTo("/api/products/7")).atPriority(1).willReturn(json(200, DETAIL_7.formatted(price))));
    }
}
