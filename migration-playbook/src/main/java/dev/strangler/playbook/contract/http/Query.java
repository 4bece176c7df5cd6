package dev.strangler.playbook.contract.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds query strings the way the app does: parameters URL-encoded as UTF-8. */
public final class Query {

    private final StringBuilder text = new StringBuilder();

    private Query() {}

    /** Starts an empty query. */
    public static Query of() {
        return new Query();
    }

    /** Adds {@code name=value}. */
    public Query with(String name, Object value) {
        text.append(text.isEmpty() ? '?' : '&')
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
        return this;
    }

    /** The path followed by this query. */
    public String on(String path) {
        return path + text;
    }
}
