package dev.strangler.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx (the Debian package) in front of test stubs, one listening port per upstream: the
 * normalising reverse proxy many monoliths sit behind. Each upstream is reached through
 * {@code proxy_pass http://host:port/;}: with a URI part, nginx forwards the path it normalised
 * itself (percent-decoded, slashes merged, dot segments resolved, re-encoded), which is what a
 * normalising server acts on. Runs in the foreground with its own prefix, config and temp
 * directories, and is stopped by {@link #close()}.
 */
final class Nginx implements AutoCloseable {

    private static final List<Path> KNOWN_BINARIES = List.of(
            Path.of("/usr/sbin/nginx"), Path.of("/usr/local/sbin/nginx"), Path.of("/usr/local/nginx/sbin/nginx"));
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Process process;
    private final Path prefix;
    private final List<String> urls;

    private Nginx(Process process, Path prefix, List<String> urls) {
        this.process = process;
        this.prefix = prefix;
        this.urls = urls;
    }

    /** Starts nginx with one port in front of each upstream base URL ({@code http://127.0.0.1:port}). */
    static Nginx inFrontOf(String... upstreams) {
        Path binary = binary();
        try {
            Path prefix = Files.createTempDirectory("strangler-nginx");
            Files.createDirectories(prefix.resolve("logs"));
            Files.createDirectories(prefix.resolve("temp"));
            List<Integer> ports = new ArrayList<>();
            StringBuilder servers = new StringBuilder();
            for (String upstream : upstreams) {
                int port = freePort();
                ports.add(port);
                URI u = URI.create(upstream);
                servers.append("    server {\n        listen 127.0.0.1:")
                        .append(port)
                        .append(";\n")
                        .append("        location / { proxy_pass http://")
                        .append(u.getHost())
                        .append(':')
                        .append(u.getPort())
                        .append("/; }\n    }\n");
            }
            Path conf = prefix.resolve("nginx.conf");
            Files.writeString(conf, config(prefix, servers.toString()), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(
                            binary.toString(),
                            "-p",
                            prefix + "/",
                            "-c",
                            conf.toString(),
                            "-e",
                            prefix.resolve("logs/error.log").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(prefix.resolve("logs/console.log").toFile())
                    .start();
            Nginx nginx = new Nginx(
                    process,
                    prefix,
                    ports.stream().map(p -> "http://127.0.0.1:" + p).toList());
            nginx.awaitListening(ports);
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nginx", e);
        }
    }

    /** The nginx address in front of the {@code i}-th upstream given to {@link #inFrontOf}. */
    String url(int i) {
        return urls.get(i);
    }

    private static Path binary() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "nginx"));
        return Stream.concat(KNOWN_BINARIES.stream(), onPath)
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("nginx is not installed, and the path tests need it as a real "
                                + "normalising upstream: apt-get install nginx-light (or nginx)"));
    }

    private static String config(Path prefix, String servers) {
        String temp = prefix.resolve("temp").toString();
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                %3$s}
                """.formatted(prefix, temp, servers);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening(List<Integer> ports) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        for (int port : ports) {
            while (!accepts(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = Files.readString(prefix.resolve("logs/console.log"))
                            + Files.readString(prefix.resolve("logs/error.log"));
                    close();
                    throw new IllegalStateException("nginx did not start listening on 127.0.0.1:" + port + ":\n" + log);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(prefix)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temp directory
        }
    }
}
