package dev.strangler.cdc.plan;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Host, port, database and driver parameters of a {@code jdbc:postgresql://host:port/db?name=value}
 * URL, as Debezium wants them apart. The parameters ({@code sslmode}, {@code sslrootcert}, ...) are
 * kept: a stream must connect the way the plan's URL says, TLS settings included.
 */
public record JdbcUrl(String host, int port, String database, Map<String, String> parameters) {

    public JdbcUrl {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public static JdbcUrl parse(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (uri.getHost() == null || path.isEmpty()) {
            throw new IllegalArgumentException("the URL needs a host and a database: " + url);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parameters.put(name, value);
            }
        }
        return new JdbcUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path, parameters);
    }
}
