package dev.strangler.infra.postgres;

import dev.strangler.infra.files.PrivateFiles;
import dev.strangler.infra.process.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Comparator;
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
 * <p>The superuser {@value #SUPERUSER} has a random password, made when the cluster is created and kept
 * in {@link #passwordFile()} (readable by its owner only), and connections over TCP must give it
 * ({@code scram-sha-256}): with {@code trust}, any user of this machine could connect as the superuser
 * and run programs as the cluster's owner ({@code COPY ... TO PROGRAM}). The socket, in the private data
 * directory, admits only the {@code postgres} OS user ({@code peer}).
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    private static final String SERVER_OS_USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(PostgresCluster.class);

    private final PostgresBinaries binaries;
    private final Path dataDir;
    private final int port;
    private final Map<String, String> settings;
    /** Read from {@link #passwordFile()} once, or set when this object makes it. */
    private volatile String password;

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
     * we are root. As root it is {@code data} in a directory of the system temp dir that this call
     * creates with a random name, owned by the {@code postgres} user and private to it (the preferred
     * path may sit below a directory that user cannot enter, such as /root), and records in
     * {@link #recordOf(Path) a file beside the preferred place}, where the next call finds it again. A
     * recorded directory that is a link, or that the {@code postgres} user does not own privately, is
     * refused: it is not one this method made.
     */
    public static Path dataDirReachableFrom(Path preferred) {
        if (!Commands.runningAsRoot()) {
            return preferred.toAbsolutePath();
        }
        Path record = recordOf(preferred);
        try {
            if (Files.exists(record, LinkOption.NOFOLLOW_LINKS)) {
                Path recorded =
                        Path.of(Files.readString(record, StandardCharsets.UTF_8).strip());
                if (Files.exists(recorded, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(recorded)) {
                    return requireMadeHere(recorded).resolve("data");
                }
            }
            Files.createDirectories(record.getParent());
            Path made = Files.createTempDirectory(
                    Path.of(System.getProperty("java.io.tmpdir")),
                    "strangler-pg-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setOwner(made, serverUser());
            writePrivately(record, made.toString());
            return made.resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException("could not choose a directory for the cluster of " + preferred, e);
        }
    }

    /** The file that records, beside {@code preferred}, where {@link #dataDirReachableFrom(Path)} put the cluster as root. */
    static Path recordOf(Path preferred) {
        Path absolute = preferred.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".location");
    }

    private static Path requireMadeHere(Path recorded) throws IOException {
        PosixFileAttributes attributes =
                Files.readAttributes(recorded, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink() || !attributes.isDirectory()) {
            throw new IllegalStateException(
                    "the recorded cluster directory " + recorded + " is a link or not a directory: "
                            + "refusing to use it (remove it and its record to start a new cluster)");
        }
        if (!attributes.owner().equals(serverUser())
                || !PosixFilePermissions.toString(attributes.permissions()).equals("rwx------")) {
            throw new IllegalStateException("the recorded cluster directory " + recorded + " is not private to the "
                    + SERVER_OS_USER + " user (owner " + attributes.owner().getName() + ", "
                    + PosixFilePermissions.toString(attributes.permissions()) + "): refusing to use it");
        }
        return recorded;
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

    /** The file, beside the data directory, that holds the superuser's password (readable by its owner only). */
    public Path passwordFile() {
        return dataDir.resolveSibling("superuser.password");
    }

    /** The superuser's password, made when the cluster was created. */
    public String password() {
        if (password != null) {
            return password;
        }
        try {
            password = Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the cluster's password from " + passwordFile() + " (the cluster is made by start())",
                    e);
        }
    }

    /** Creates the cluster if the data directory is empty, then starts the server and waits until it accepts connections. */
    public PostgresCluster start() {
        boolean madeBefore = Files.exists(dataDir.resolve("PG_VERSION"));
        if (!madeBefore) {
            initialise();
        }
        if (isRunning()) {
            throw new IllegalStateException("PostgreSQL is already running in " + dataDir);
        }
        long begin = System.nanoTime();
        Commands.run(
                runAs(),
                List.of(
                        binaries.pgCtl().toString(),
                        "-D",
                        dataDir.toString(),
                        "-l",
                        logFile().toString(),
                        "-w",
                        "-t",
                        "60",
                        "start"),
                90);
        if (madeBefore && !Files.exists(passwordFile())) {
            requirePasswords();
        }
        log.info(
                "PostgreSQL started on 127.0.0.1:{} from {} in {} ms",
                port,
                dataDir,
                (System.nanoTime() - begin) / 1_000_000);
        return this;
    }

    /** Stops the server (fast shutdown: open sessions are ended, committed data is kept). No-op when not running. */
    public void stop() {
        if (!isRunning()) {
            return;
        }
        Commands.run(
                runAs(),
                List.of(binaries.pgCtl().toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"),
                90);
        log.info("PostgreSQL on port {} stopped", port);
    }

    /** True when a server runs from this data directory. */
    public boolean isRunning() {
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            return false;
        }
        return Commands.runAllowingFailure(
                                runAs(), List.of(binaries.pgCtl().toString(), "-D", dataDir.toString(), "status"), 30)
                        .exitCode()
                == 0;
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) {
        requireIdentifier(name);
        try (Connection connection = connect("postgres");
                Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                statement.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not create database " + name + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Opens a JDBC connection to a database of this cluster as the superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, password());
    }

    /** Stops the server and removes the data directory and its log. */
    public void destroy() {
        stop();
        Path owner = dataDir.getParent();
        deleteRecursively(dataDir);
        try {
            Files.deleteIfExists(logFile());
            Files.deleteIfExists(passwordFile());
            password = null;
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
                Files.setOwner(dataDir, serverUser());
            }
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            password = newPassword();
            writePrivately(passwordFile(), password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the data directory " + dataDir, e);
        }
        // initdb reads the password from the file (owned by the user it runs as), never from its command line.
        Commands.run(
                runAs(),
                List.of(
                        binaries.initdb().toString(),
                        "-D",
                        dataDir.toString(),
                        "-U",
                        SUPERUSER,
                        "--pwfile=" + passwordFile(),
                        "--auth-host=scram-sha-256",
                        "--auth-local=peer",
                        "--encoding=UTF8",
                        "--locale=C",
                        "--no-sync"),
                120);
        StringBuilder conf = new StringBuilder("\n# strangler toolkit: private cluster settings\n");
        // Sockets live in the data directory: the default (/var/run/postgresql) may not exist or be writable.
        conf.append("unix_socket_directories = '").append(dataDir).append("'\n");
        conf.append("password_encryption = 'scram-sha-256'\n");
        settings.forEach((k, v) -> conf.append(k).append(" = ").append(v).append('\n'));
        // Written by this JVM (root may write the postgres user's file; the owner stays postgres), no shell involved.
        append(dataDir.resolve("postgresql.conf"), conf.toString());
    }

    /**
     * A cluster an earlier version made with {@code trust} and no password: give the superuser a new
     * password and require it, before anything else connects.
     */
    private void requirePasswords() {
        String made = newPassword();
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + made + "'");
            writePrivately(passwordFile(), made);
            password = made;
            Files.writeString(
                    dataDir.resolve("pg_hba.conf"), """
                    # strangler toolkit: the superuser's password over TCP, the postgres OS user on the private socket
                    local all all peer
                    host all all 127.0.0.1/32 scram-sha-256
                    host replication all 127.0.0.1/32 scram-sha-256
                    """, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            statement.execute("SELECT pg_reload_conf()");
            log.warn(
                    "The cluster in {} admitted every local user without a password (made by an earlier version): its superuser "
                            + "now has a password, kept in {}",
                    dataDir,
                    passwordFile());
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(
                    "could not give the cluster in " + dataDir + " a password: " + e.getMessage(), e);
        }
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Writes {@code file} readable by its owner only; as root, its owner is the server's user (initdb reads it as that user). */
    private static void writePrivately(Path file, String content) throws IOException {
        PrivateFiles.write(file, content + "\n");
        if (Commands.runningAsRoot()) {
            Files.setOwner(file, serverUser());
        }
    }

    private static void append(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the cluster configuration " + file, e);
        }
    }

    private static UserPrincipal serverUser() throws IOException {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_OS_USER);
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
}
