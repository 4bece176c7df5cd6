package dev.strangler.playbook.cdc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strangler.cdc.metrics.CdcMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} of a {@link CdcMetrics}, on the JDK's HTTP server: one request at a time on its dispatcher
 * thread, which is what the metrics want anyway (a look at the streams is taken at most every few seconds, and a
 * scrape that comes while one is taken waits for it).
 */
final class MetricsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    static final String PATH = "/metrics";

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    static MetricsServer start(InetSocketAddress listen, CdcMetrics metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(listen, 0);
        } catch (BindException e) {
            throw new IllegalStateException("cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": "
                    + e.getMessage() + "; choose another address with --listen");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, exchange -> serve(exchange, metrics));
        server.start();
        return new MetricsServer(server);
    }

    /** Where it serves the metrics, such as {@code http://127.0.0.1:9464/metrics}. */
    URI url() {
        InetSocketAddress at = server.getAddress();
        String host = at.getAddress() instanceof Inet6Address
                ? "[" + at.getAddress().getHostAddress() + "]"
                : at.getAddress().getHostAddress();
        return URI.create("http://" + host + ":" + at.getPort() + PATH);
    }

    private static void serve(HttpExchange exchange, CdcMetrics metrics) throws IOException {
        try {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                answer(exchange, 404, "not found: the metrics are at " + PATH + "\n");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                answer(exchange, 405, method + " is not allowed: GET " + PATH + "\n");
                return;
            }
            String text;
            try {
                text = metrics.scrape();
            } catch (RuntimeException e) {
                // CdcMetrics renders what it can read; this is a bug, not a stream in trouble.
                log.error("cannot render the CDC metrics", e);
                answer(exchange, 500, "cannot render the CDC metrics: " + e + "\n");
                return;
            }
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CdcMetrics.CONTENT_TYPE);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }

    private static void answer(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
