package dev.strangler.playbook.sandbox;

import dev.strangler.infra.files.PrivateFiles;
import dev.strangler.infra.postgres.PostgresCluster;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Who the sandbox's parts log in to its PostgreSQL as: the cluster's superuser, with the password the
 * cluster made when it was created. {@code up} writes them into {@code <state>/database.properties},
 * created readable by its owner only, which the monolith, the catalog service and the gateway read as
 * an extra Spring configuration file: the password is on no command line (any user of the machine can
 * read those) and in no route or plan file.
 *
 * <p>The playbook's commands read a plan's {@link #PASSWORD_VARIABLES} from there when the environment
 * does not set them, so {@code strangler cdc apply --plan migration-playbook/plans/catalog.yaml} (or {@code identity.yaml}) works
 * against the sandbox as it is.
 */
public final class SandboxDatabase {

    static final String CREDENTIALS = "database.properties";
    private static final String PASSWORD = "spring.datasource.password";

    /** The reference plan's password variables, which the sandbox answers when the environment does not. */
    public static final Set<String> PASSWORD_VARIABLES = Set.of(
            "STRANGLER_MONOLITH_DB_PASSWORD",
            "STRANGLER_CATALOG_DB_PASSWORD",
            "STRANGLER_IDENTITY_DB_PASSWORD",
            "STRANGLER_LIBRARY_DB_PASSWORD",
            "STRANGLER_LIBRARY_BOOKS_DB_PASSWORD");

    private SandboxDatabase() {}

    /** The credentials file of a state directory. */
    public static Path credentials(Path stateDir) {
        return stateDir.resolve(CREDENTIALS);
    }

    /** Writes the cluster's superuser and password for the parts, in a file made private before anything is written to it. */
    static void writeCredentials(Path stateDir, PostgresCluster cluster) {
        Properties properties = new Properties();
        properties.setProperty("spring.datasource.username", cluster.user());
        properties.setProperty(PASSWORD, cluster.password());
        properties.setProperty("strangler.shared-state.user", cluster.user());
        properties.setProperty("strangler.shared-state.password", cluster.password());
        Path file = credentials(stateDir);
        try {
            StringWriter text = new StringWriter();
            properties.store(text, "The sandbox database's superuser, written by `strangler sandbox up`");
            PrivateFiles.write(file, text.toString());
        } catch (IOException e) {
            throw new SandboxException("cannot write the database credentials " + file + ": " + e.getMessage(), e);
        }
    }

    /** The sandbox database's password, once {@code up} wrote it. */
    public static Optional<String> password(Path stateDir) {
        Path file = credentials(stateDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox's database credentials " + file, e);
        }
        return Optional.ofNullable(properties.getProperty(PASSWORD));
    }

    /**
     * A plan's environment: {@code environment} first; a {@linkplain #PASSWORD_VARIABLES password
     * variable} it does not set is the sandbox's password, when the sandbox in {@code stateDir} wrote one.
     */
    public static UnaryOperator<String> planEnvironment(Path stateDir, UnaryOperator<String> environment) {
        return name -> {
            String value = environment.apply(name);
            if (value == null && PASSWORD_VARIABLES.contains(name)) {
                return password(stateDir).orElse(null);
            }
            return value;
        };
    }
}
