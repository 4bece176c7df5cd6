package dev.strangler.cdc.plan;

import java.net.URI;

/** Host, port and database of a {@code jdbc:postgresql://host:port/db} URL, as Debezium wants them apart. */
public record JdbcUrl(String host, int port, String database) {

    public static JdbcUrl parse(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (uri.getHost() == null || path.isEmpty()) {
            throw new IllegalArgumentException("the URL needs a host and a database: " + url);
        }
        return new JdbcUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path);
    }
}
