package dev.strangler.infra.postgres;

import dev.strangler.infra.process.Commands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL cluster run from the server binaries on this machine: {@code initdb} once, then
 * {@code pg_ctl start/stop}, listening on 127.0.0.1 only, with {@code wal_level=logical} so that
 * change-data capture can read it.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root, every server program runs as the
 * {@code postgres} OS user, and the data directory must be somewhere that user can reach: use
 * {@link #dataDirReachableFrom(Path)} to choose one.
 *
 * <p>Authentication is {@code trust} for the superuser {@value #SUPERUSER} on loopback: this is a
 * throw-away cluster for tests and the local sandbox, never a production server.
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    private static final String SERVER_OS_USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(PostgresCluster.class);

    private final PostgresBinaries binaries;
    private final Path dataDir;
    private final int port;
    private final Map<String, String> settings;

    private PostgresCluster(PostgresBinaries binaries, Path dataDir, int port, Map<String, String> settings) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
        this.settings = settings;
    }

    /** A cluster in {@code dataDir} on {@code port}; nothing is created or started until {@link #start()}. */
    public static PostgresCluster at(Path dataDir, int port) {
        return at(dataDir, port, Map.of());
    }

    /** As {@link #at(Path, int)}, with extra {@code postgresql.conf} settings (they win over the defaults). */
    public static PostgresCluster at(Path dataDir, int port, Map<String, String> extraSettings) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "'127.0.0.1'");
        settings.put("port", Integer.toString(port));
        settings.put("wal_level", "logical");
        settings.put("max_replication_slots", "20");
        settings.put("max_wal_senders", "20");
        settings.put("max_connections", "200");
        settings.put("shared_buffers", "128MB");
        extraSettings.forEach(settings::put);
        return new PostgresCluster(PostgresBinaries.locate(), dataDir.toAbsolutePath(), port, settings);
    }

    /**
     * Where to keep a data directory the caller would like at {@code preferred}: that very place unless
     * we are root, in which case a directory under the system temp dir owned by the {@code postgres}
     * user (the preferred path may sit below a directory that user cannot enter, such as /root).
     */
    public static Path dataDirReachableFrom(Path preferred) {
        if (!Commands.runningAsRoot()) {
            return preferred.toAbsolutePath();
        }
        String digest = sha1(preferred.toAbsolutePath().toString()).substring(0, 12);
        return Path.of(System.getProperty("java.io.tmpdir"), "strangler-pg-" + digest, "data");
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The server log, beside the data directory. */
    public Path logFile() {
        return dataDir.resolveSibling("postgres.log");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return SUPERUSER;
    }

    /** Creates the cluster if the data directory is empty, then starts the server and waits until it accepts connections. */
    public PostgresCluster start() {
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initialise();
        }
        if (isRunning()) {
            throw new IllegalStateException("PostgreSQL is already running in " + dataDir);
        }
        long begin = System.nanoTime();
        Commands.run(runAs(), List.of(binaries.pgCtl().toString(), "-D", dataDir.toString(), "-l", logFile().toString(),
                "-w", "-t", "60", "start"), 90);
        log.info("PostgreSQL started on 127.0.0.1:{} from {} in {} ms", port, dataDir, (System.nanoTime() - begin) / 1_000_000);
        return this;
    }

    /** Stops the server (fast shutdown: open sessions are ended, committed data is kept). No-op when not running. */
    public void stop() {
        if (!isRunning()) {
            return;
        }
        Commands.run(runAs(), List.of(binaries.pgCtl().toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60",
                "stop"), 90);
        log.info("PostgreSQL on port {} stopped", port);
    }

    /** True when a server runs from this data directory. */
    public boolean isRunning() {
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            return false;
        }
        return Commands.runAllowingFailure(runAs(), List.of(binaries.pgCtl().toString(), "-D", dataDir.toString(), "status"), 30)
                .exitCode() == 0;
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) {
        requireIdentifier(name);
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                statement.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Opens a JDBC connection to a database of this cluster as the superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /** Stops the server and removes the data directory and its log. */
    public void destroy() {
        stop();
        Path owner = dataDir.getParent();
        deleteRecursively(dataDir);
        try {
            Files.deleteIfExists(logFile());
            if (owner.getFileName().toString().startsWith("strangler-pg-")) {
                Files.deleteIfExists(owner);
            }
        } catch (IOException e) {
            log.warn("could not remove {}: {}", owner, e.getMessage());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void initialise() {
        try {
            Files.createDirectories(dataDir);
            if (runAs() != null) {
                // The postgres user must own the data directory and be able to write the log beside it.
                Files.setPosixFilePermissions(dataDir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
                UserPrincipal postgres = dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_OS_USER);
                Files.setOwner(dataDir.getParent(), postgres);
                Files.setOwner(dataDir, postgres);
            }
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the data directory " + dataDir, e);
        }
        Commands.run(runAs(), List.of(binaries.initdb().toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"), 120);
        StringBuilder conf = new StringBuilder("\n# strangler toolkit: private cluster settings\n");
        // Sockets live in the data directory: the default (/var/run/postgresql) may not exist or be writable.
        conf.append("unix_socket_directories = '").append(dataDir).append("'\n");
        settings.forEach((k, v) -> conf.append(k).append(" = ").append(v).append('\n'));
        appendAs(List.of("sh", "-c", "cat >> " + dataDir.resolve("postgresql.conf")), conf.toString());
    }

    private void appendAs(List<String> command, String stdin) {
        List<String> full = new ArrayList<>();
        if (runAs() != null) {
            full.addAll(List.of("runuser", "-u", runAs(), "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("could not write the cluster configuration in " + dataDir + ": " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String runAs() {
        return Commands.runningAsRoot() ? SERVER_OS_USER : null;
    }

    private static void requireIdentifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + name);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + root, e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
